using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261124000015_CheckpointCosignatures")]
public sealed class M015_CheckpointCosignatures() : SqlScriptMigration("015_checkpoint_cosignatures.sql");
