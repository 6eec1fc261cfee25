using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Bench.Streams;

/// <summary>
/// A fresh database on the local cluster, migrated like production (the superuser step included), with one data
/// source per role as a process holds them; dropped when disposed.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public const string Server = "Host=127.0.0.1;Port=55432";
    private readonly Dictionary<string, NpgsqlDataSource> _sources = [];

    private BenchDatabase(string name) => Name = name;

    public string Name { get; }

    public string As(string role, string extra = "") => $"{Server};Username={role};Database={Name};{extra}";

    public NpgsqlDataSource Writer => Source("auditexplorer_writer");
    public NpgsqlDataSource Reader => Source("auditexplorer_reader");
    public NpgsqlDataSource Sealer => Source("auditexplorer_sealer");

    /// <summary>EF Core contexts on the reader's source, as the web app's factory makes them (for the audited store APIs).</summary>
    public IDbContextFactory<AuditDbContext> ReaderContexts => new DataSourceContexts(Reader);

    /// <summary>An audit admin, as the store APIs that change settings (streams, API keys) require one.</summary>
    public static Viewer BenchAdmin { get; } = new("usr_bench_admin", "Bench Admin", null, ["audit_admin"],
        new ViewerRequest("req-bench", "sess-bench", "127.0.0.1", "auditexplorer-bench", "bench", "auditexplorer-bench"));

    public static async Task<BenchDatabase> CreateAsync()
    {
        var db = new BenchDatabase("ae_bench_" + Guid.NewGuid().ToString("N")[..8]);
        await AdminAsync($"create database \"{db.Name}\" owner auditexplorer_owner");
        await AuditStoreOptions.MigrateAsync(db.As("auditexplorer_owner"), db.As("postgres"));
        return db;
    }

    /// <summary>Creates a tenant (as the owner, as provisioning does) and returns its id.</summary>
    public async Task<string> CreateTenantAsync(string prefix)
    {
        var id = prefix + "-" + Guid.NewGuid().ToString("N")[..6];
        await using var conn = new NpgsqlConnection(As("auditexplorer_owner"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("insert into audit.tenants (tenant_id, display_name) values ($1, $1)", conn);
        cmd.Parameters.AddWithValue(id);
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>The cluster's durability settings, printed beside write figures (benchmarks need fsync and synchronous_commit on).</summary>
    public async Task<string> DurabilityAsync()
    {
        await using var conn = new NpgsqlConnection(As("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')", conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Business events of a tenant appended with API keys, counted as the superuser (past row-level security).</summary>
    public async Task<long> ApiKeyEventsAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(As("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select count(*) from audit.events where tenant_id = $1 and actor_kind = 'api-key' and change_kind <> 'access'", conn);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private NpgsqlDataSource Source(string role)
    {
        lock (_sources)
        {
            if (!_sources.TryGetValue(role, out var source)) _sources[role] = source = NpgsqlDataSource.Create(As(role, "Maximum Pool Size=50"));
            return source;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values) await source.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"drop database if exists \"{Name}\" with (force)");
        Console.WriteLine($"dropped database {Name}");
    }

    // Database names cannot be bound as parameters; Name is generated above.
    private static async Task AdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection($"{Server};Username=postgres;Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
