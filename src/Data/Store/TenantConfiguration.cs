using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AuditExplorer.Data.Store;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> e)
    {
        e.ToTable("tenants", "audit");
        e.HasKey(x => x.TenantId);
        e.Property(x => x.TenantId).HasColumnName("tenant_id");
        e.Property(x => x.DisplayName).HasColumnName("display_name");
        e.Property(x => x.CreatedAt).HasColumnName("created_at");
        e.Property(x => x.PersonalPaths).HasColumnName("personal_paths");
        e.Property(x => x.RequireAccessReason).HasColumnName("require_access_reason");
    }
}
