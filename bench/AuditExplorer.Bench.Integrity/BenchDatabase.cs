using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Bench.Integrity;

/// <summary>A throwaway database on the local cluster, migrated like production, dropped at the end.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly bool _keep;

    /// <summary>The database's name: a fresh random one, or the kept one named with <c>--keep NAME</c>.</summary>
    public string Name { get; }

    /// <summary>True when a kept database from an earlier run was found (its events are already loaded and sealed).</summary>
    public bool Reused { get; private set; }

    /// <param name="keep">A name to keep the database under between runs: a 10M store takes longer to load and seal than to measure.</param>
    public BenchDatabase(string server, string? keep = null)
    {
        _server = server;
        _keep = keep is not null;
        Name = keep ?? "ae_bench_" + Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>The one data source of a role in this database, as a process holds it.</summary>
    public NpgsqlDataSource Source(string role) => _sources.GetOrAdd(role, r => NpgsqlDataSource.Create(As(r)));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> _sources = new();

    public string As(string role) => $"{_server};Username={role};Database={Name};Maximum Pool Size=100;Command Timeout=0";

    public async Task CreateAsync()
    {
        await using (var admin = new NpgsqlConnection($"{_server};Username=postgres;Database=postgres"))
        {
            await admin.OpenAsync();
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", admin);
            exists.Parameters.AddWithValue(Name);
            Reused = _keep && await exists.ExecuteScalarAsync() is not null;
            if (Reused) return;
            await new NpgsqlCommand($"create database \"{Name}\" owner auditexplorer_owner", admin).ExecuteNonQueryAsync();
        }
        await AuditStoreOptions.MigrateAsync(As("auditexplorer_owner"));
    }

    public async Task<string[]> CreateTenantsAsync(string prefix, int count)
    {
        var ids = Enumerable.Range(1, count).Select(i => $"{prefix}-{i:000}").ToArray();
        await using var conn = new NpgsqlConnection(As("auditexplorer_owner"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("insert into audit.tenants (tenant_id, display_name) select t, t from unnest($1::text[]) t on conflict do nothing", conn);
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
        if (_keep) return;
        await using var admin = new NpgsqlConnection($"{_server};Username=postgres;Database=postgres");
        await admin.OpenAsync();
        await new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", admin).ExecuteNonQueryAsync();
    }
}
