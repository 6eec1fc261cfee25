using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Data.Store;

/// <summary>
/// The audit store. The schema is SQL-first (partitions, row-level security, triggers and the
/// write contract live in Store/Sql/*.sql); each migration in Store/Migrations runs one script.
/// To add one: write Store/Sql/NNN_name.sql and a class deriving from <see cref="SqlScriptMigration"/>.
/// </summary>
public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public DbSet<AuditEvent> Events => Set<AuditEvent>();
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Subject> Subjects => Set<Subject>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AuditDbContext).Assembly);
}
