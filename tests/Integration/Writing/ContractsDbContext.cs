using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Tests.Integration.Writing;

/// <summary>The sample application's own EF Core context over public.contracts.</summary>
public sealed class ContractsDbContext(string connectionString) : DbContext
{
    public DbSet<ContractRow> Contracts => Set<ContractRow>();

    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql(connectionString);

    protected override void OnModelCreating(ModelBuilder model) =>
        model.Entity<ContractRow>(e =>
        {
            e.ToTable("contracts", "public");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Title).HasColumnName("title");
            e.Property(x => x.Amount).HasColumnName("amount");
        });
}
