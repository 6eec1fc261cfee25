using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Bench.Integrity;

/// <summary>A throwaway database on the local cluster, migrated like production, dropped at the end.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    public string Name { get; } = "ae_bench_" + Guid.NewGuid().ToString("N")[..8];

    public BenchDatabase(string server) => _server = server;

    /// <summary>The one data source of a role in this database, as a process holds it.</summary>
    public NpgsqlDataSource Source(string role) => _sources.GetOrAdd(role, r => NpgsqlDataSource.Create(As(r)));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> _sources = new();

    public string As(string role) => $"{_server};Username={role};Database={Name};Maximum Pool Size=100;Command Timeout=0";

    public async Task CreateAsync()
    {
        await using (var admin = new NpgsqlConnection($"{_server};Username=postgres;Database=postgres"))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"create database \"{Name}\" owner auditexplorer_owner", admin).ExecuteNonQueryAsync();
        }
        await AuditStoreOptions.MigrateAsync(As("auditexplorer_owner"));
    }

    public async Task<string[]> CreateTenantsAsync(string prefix, int count)
    {
        var ids = Enumerable.Range(1, count).Select(i => $"{prefix}-{i:000}").ToArray();
        await using var conn = new NpgsqlConnection(As("auditexplorer_owner"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("insert into audit.tenants (tenant_id, display_name) select t, t from unnest($1::text[]) t", conn);
        cmd.Parameters.AddWithValue(ids);
        await cmd.ExecuteNonQueryAsync();
        return ids;
    }

    /// <summary>Loads events and their queue rows straight into the tables (as the owner), much faster than the write contract.</summary>
    public async Task BulkLoadAsync(string tenant, long count)
    {
        await using var conn = new NpgsqlConnection(As("auditexplorer_owner"));
        await conn.OpenAsync();
        for (long from = 1; from <= count; from += 100_000)
        {
            await using var cmd = new NpgsqlCommand(
                """
                with ins as (
                    insert into audit.events (tenant_id, occurred_at, id, recorded_at, actor_id, actor_kind, action, change_kind,
                                              entity_type, entity_id, old_values, new_values, context)
                    select $1, x.t, audit.uuid_v7(), x.t, 'u' || (i % 97), 'user', 'contract.update', 'update', 'contract', (i % 1000)::text,
                           jsonb_build_object('amount', i - 1, 'status', 'draft', 'currency', 'EUR'),
                           jsonb_build_object('amount', i, 'status', 'active', 'currency', 'EUR', 'note', 'renewed ' || i),
                           jsonb_build_object('request_id', md5(i::text), 'ip', '203.0.113.7', 'auth_method', 'oidc')
                    from generate_series($2::bigint, $3::bigint) i,
                         lateral (select now() - interval '20 days' + i * interval '1 millisecond') x(t)
                    returning tenant_id, id, occurred_at
                )
                insert into audit.seal_queue (tenant_id, event_id, occurred_at) select tenant_id, id, occurred_at from ins
                """, conn);
            cmd.Parameters.AddWithValue(tenant);
            cmd.Parameters.AddWithValue(from);
            cmd.Parameters.AddWithValue(Math.Min(count, from + 99_999));
            await cmd.ExecuteNonQueryAsync();
        }
        await new NpgsqlCommand("vacuum analyze audit.events_default", conn).ExecuteNonQueryAsync().ContinueWith(_ => { });
        await new NpgsqlCommand("analyze", conn).ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values) await source.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection($"{_server};Username=postgres;Database=postgres");
        await admin.OpenAsync();
        await new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", admin).ExecuteNonQueryAsync();
    }
}
