using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AuditExplorer.Data.Store;

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> e)
    {
        e.ToTable("subjects", "audit");
        e.HasKey(x => new { x.TenantId, x.SubjectId });
        e.Property(x => x.TenantId).HasColumnName("tenant_id");
        e.Property(x => x.SubjectId).HasColumnName("subject_id");
        e.Property(x => x.DisplayName).HasColumnName("display_name");
        e.Property(x => x.Email).HasColumnName("email");
        e.Property(x => x.ErasedAt).HasColumnName("erased_at");
    }
}
