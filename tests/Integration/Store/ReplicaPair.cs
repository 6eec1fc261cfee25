using AuditExplorer.Tests.Integration.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Store;

/// <summary>
/// A primary and a streaming standby of it. Under scripts/test.sh that is the shared test cluster and the standby
/// scripts/replica.sh started (AE_PG_REPLICA_PORT, the fixture's database replicated); without it, a private
/// cluster and a standby of its own, so the tests also run alone.
/// </summary>
internal sealed class ReplicaPair : IAsyncDisposable
{
    private readonly Func<string, string> _primary;
    private readonly Func<string, string> _replica;
    private readonly PrivatePostgresCluster? _privatePrimary;
    private readonly PrivatePostgresCluster? _privateStandby;

    private ReplicaPair(Func<string, string> primary, Func<string, string> replica, PrivatePostgresCluster? privatePrimary = null,
        PrivatePostgresCluster? privateStandby = null) =>
        (_primary, _replica, _privatePrimary, _privateStandby) = (primary, replica, privatePrimary, privateStandby);

    private readonly List<NpgsqlDataSource> _sources = [];

    /// <summary>A data source for a role on the primary (disposed with the pair).</summary>
    public NpgsqlDataSource PrimarySource(string role) => Track(NpgsqlDataSource.Create(Primary(role)));

    /// <summary>A data source for the same database and role on the standby (disposed with the pair).</summary>
    public NpgsqlDataSource ReplicaSource(string role) => Track(NpgsqlDataSource.Create(Replica(role)));

    private NpgsqlDataSource Track(NpgsqlDataSource source)
    {
        _sources.Add(source);
        return source;
    }

    /// <summary>A connection string for a role on the primary.</summary>
    public string Primary(string role) => _primary(role);

    /// <summary>The same database and role on the standby.</summary>
    public string Replica(string role) => _replica(role);

    public static async Task<ReplicaPair> StartAsync(PostgresFixture db)
    {
        if (Environment.GetEnvironmentVariable("AE_PG_REPLICA_PORT") is { Length: > 0 } port)
            return new ReplicaPair(role => db.ConnectionFor(role),
                role => new NpgsqlConnectionStringBuilder(db.ConnectionFor(role)) { Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) }.ConnectionString);
        var primary = await PrivatePostgresCluster.StartMigratedAsync();
        try
        {
            var standby = await primary.StartStandbyAsync();
            return new ReplicaPair(role => primary.ConnectionFor(role), role => standby.ConnectionFor(role), primary, standby);
        }
        catch
        {
            await primary.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a tenant on the primary (as the owner).</summary>
    public async Task<string> CreateTenantAsync(string prefix)
    {
        var id = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        await using var conn = new NpgsqlConnection(Primary("auditexplorer_owner"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("insert into audit.tenants (tenant_id, display_name) values ($1, $2)", conn);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue("Tenant " + id);
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources) await source.DisposeAsync();
        if (_privateStandby is not null) await _privateStandby.DisposeAsync();
        if (_privatePrimary is not null) await _privatePrimary.DisposeAsync();
    }
}
