using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000023_ExportPersonalValues")]
public sealed class M023_ExportPersonalValues() : SqlScriptMigration("023_export_personal_values.sql");
