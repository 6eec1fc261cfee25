using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261202000037_PersonalValuesWaitInTheSealQueue")]
public sealed class M037_PersonalValuesWaitInTheSealQueue() : SqlScriptMigration("037_personal_values_wait_in_the_seal_queue.sql");
