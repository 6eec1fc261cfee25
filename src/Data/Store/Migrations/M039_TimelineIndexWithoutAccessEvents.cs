using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261204000039_TimelineIndexWithoutAccessEvents")]
public sealed class M039_TimelineIndexWithoutAccessEvents() : SqlScriptMigration("039_timeline_index_without_access_events.sql");
