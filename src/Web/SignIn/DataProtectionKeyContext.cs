using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Web.SignIn;

/// <summary>
/// The data-protection key ring in <c>web.data_protection_keys</c> (created by migration 012 in
/// src/Data; this context never migrates). It lives here because it is ASP.NET's, not the audit store's.
/// </summary>
public sealed class DataProtectionKeyContext(DbContextOptions<DataProtectionKeyContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Every key of the ring, current and retired (retired ones still decrypt older cookies).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("data_protection_keys", "web");
            key.Property(k => k.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            key.Property(k => k.FriendlyName).HasColumnName("friendly_name");
            key.Property(k => k.Xml).HasColumnName("xml");
        });
}
