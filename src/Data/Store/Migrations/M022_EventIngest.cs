using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000022_EventIngest")]
public sealed class M022_EventIngest() : SqlScriptMigration("022_event_ingest.sql");
