using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000026_AcknowledgedLosses")]
public sealed class M026_AcknowledgedLosses() : SqlScriptMigration("026_acknowledged_losses.sql");
