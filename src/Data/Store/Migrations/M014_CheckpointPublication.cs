using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261124000014_CheckpointPublication")]
public sealed class M014_CheckpointPublication() : SqlScriptMigration("014_checkpoint_publication.sql");
