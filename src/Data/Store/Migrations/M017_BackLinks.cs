using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000017_BackLinks")]
public sealed class M017_BackLinks() : SqlScriptMigration("017_back_links.sql");
