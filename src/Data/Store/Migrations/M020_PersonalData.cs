using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000020_PersonalData")]
public sealed class M020_PersonalData() : SqlScriptMigration("020_personal_data.sql");
