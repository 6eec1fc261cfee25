using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Bench.Streams;

/// <summary>A context per operation on one role's data source, as the web app's factory makes them.</summary>
internal sealed class DataSourceContexts(NpgsqlDataSource source) : IDbContextFactory<AuditDbContext>
{
    public AuditDbContext CreateDbContext() => AuditStoreOptions.CreateContext(source);
}
