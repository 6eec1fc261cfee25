using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Data.Store;

/// <summary>
/// Contexts on the read replica (`ConnectionStrings:Replica`, the reader role on a streaming standby), for views
/// that tolerate lag (docs/scaling.md). Nothing is ever written through them: a standby refuses writes.
/// </summary>
public sealed class ReplicaContexts(NpgsqlDataSource replica)
{
    private readonly DbContextOptions<AuditDbContext> _options = Options(replica);

    /// <summary>A context for one read on the replica.</summary>
    public Task<AuditDbContext> CreateDbContextAsync(CancellationToken ct) => Task.FromResult(new AuditDbContext(_options));

    private static DbContextOptions<AuditDbContext> Options(NpgsqlDataSource replica)
    {
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        AuditStoreOptions.Configure(builder, replica);
        return builder.Options;
    }
}
