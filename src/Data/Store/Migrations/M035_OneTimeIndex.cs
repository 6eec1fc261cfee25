using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000035_OneTimeIndex")]
public sealed class M035_OneTimeIndex() : SqlScriptMigration("035_one_time_index.sql");
