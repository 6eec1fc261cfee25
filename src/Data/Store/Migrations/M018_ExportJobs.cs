using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261124000018_ExportJobs")]
public sealed class M018_ExportJobs() : SqlScriptMigration("018_export_jobs.sql");
