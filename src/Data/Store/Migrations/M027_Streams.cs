using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000027_Streams")]
public sealed class M027_Streams() : SqlScriptMigration("027_streams.sql");
