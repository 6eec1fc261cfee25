using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration;

/// <summary>The context factory the web app registers, on one test data source (for services that take a factory).</summary>
internal sealed class SourceContexts(NpgsqlDataSource source) : IDbContextFactory<AuditDbContext>
{
    public AuditDbContext CreateDbContext() => AuditStoreOptions.CreateContext(source);
}
