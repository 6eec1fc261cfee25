using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AuditExplorer.Data.Store;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> e)
    {
        e.ToTable("events", "audit");
        e.HasKey(x => new { x.TenantId, x.OccurredAt, x.Id });
        e.Property(x => x.TenantId).HasColumnName("tenant_id");
        e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
        e.Property(x => x.ActorId).HasColumnName("actor_id");
        e.Property(x => x.ActorKind).HasColumnName("actor_kind");
        e.Property(x => x.Action).HasColumnName("action");
        e.Property(x => x.ChangeKind).HasColumnName("change_kind");
        e.Property(x => x.EntityType).HasColumnName("entity_type");
        e.Property(x => x.EntityId).HasColumnName("entity_id");
        e.Property(x => x.OldValues).HasColumnName("old_values").HasColumnType("jsonb");
        e.Property(x => x.NewValues).HasColumnName("new_values").HasColumnType("jsonb");
        e.Property(x => x.Context).HasColumnName("context").HasColumnType("jsonb");
        e.Property(x => x.SchemaVersion).HasColumnName("schema_version");
    }
}
