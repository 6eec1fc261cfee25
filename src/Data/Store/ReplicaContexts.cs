using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Data.Store;

/// <summary>
/// Contexts on the read replica (`ConnectionStrings:Replica`, the reader role on a streaming standby), for views
/// that tolerate lag (docs/scaling.md). Nothing is ever written through them: a standby refuses writes.
/// </summary>
public sealed class ReplicaContexts(string replicaConnectionString)
{
    private readonly DbContextOptions<AuditDbContext> _options = Options(replicaConnectionString);

    /// <summary>The replica's connection string (the Integrity page's lag query uses it too).</summary>
    public string ConnectionString { get; } = replicaConnectionString;

    /// <summary>A context for one read on the replica.</summary>
    public Task<AuditDbContext> CreateDbContextAsync(CancellationToken ct) => Task.FromResult(new AuditDbContext(_options));

    private static DbContextOptions<AuditDbContext> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        AuditStoreOptions.Configure(builder, connectionString);
        return builder.Options;
    }
}
