using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000031_BulkAppendWithoutTempTable")]
public sealed class M031_BulkAppendWithoutTempTable() : SqlScriptMigration("031_bulk_append_without_temp_table.sql");
