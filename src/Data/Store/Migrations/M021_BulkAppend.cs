using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000021_BulkAppend")]
public sealed class M021_BulkAppend() : SqlScriptMigration("021_bulk_append.sql");
