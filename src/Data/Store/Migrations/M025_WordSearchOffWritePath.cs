using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000025_WordSearchOffWritePath")]
public sealed class M025_WordSearchOffWritePath() : SqlScriptMigration("025_word_search_off_write_path.sql");
