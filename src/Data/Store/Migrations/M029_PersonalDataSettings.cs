using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000029_PersonalDataSettings")]
public sealed class M029_PersonalDataSettings() : SqlScriptMigration("029_personal_data_settings.sql");
