using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000024_SetBasedBulkAppend")]
public sealed class M024_SetBasedBulkAppend() : SqlScriptMigration("024_set_based_bulk_append.sql");
