using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000036_CheaperBulkCheck")]
public sealed class M036_CheaperBulkCheck() : SqlScriptMigration("036_cheaper_bulk_check.sql");
