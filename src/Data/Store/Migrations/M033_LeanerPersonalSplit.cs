using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000033_LeanerPersonalSplit")]
public sealed class M033_LeanerPersonalSplit() : SqlScriptMigration("033_leaner_personal_split.sql");
