using System.Diagnostics;
using System.Globalization;
using AuditExplorer.Data.Store;
using Npgsql;

// Expiring one month of one tenant: the retention hook (checks + DETACH + DROP of the tenant's own
// partition) against a row DELETE of the same number of rows in a twin month, in the same run; time
// and WAL bytes (pg_current_wal_lsn difference) of each (docs/benchmarks.md, "Retention"). Creates
// and drops its own database on the given cluster; run with nothing else on the machine:
//   dotnet run -c Release --project bench/AuditExplorer.Bench.Retention -- [--rows 900000] [--other-rows 9000000] [--port 55432] [--keep] [--no-vacuum] [--explain]
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.i + 1] : "");
var rows = int.Parse(options.GetValueOrDefault("rows", "1000"), CultureInfo.InvariantCulture);
var otherRows = int.Parse(options.GetValueOrDefault("other-rows", "0"), CultureInfo.InvariantCulture);
var port = options.GetValueOrDefault("port", "55432");
var database = "ae_bench_retention_" + Guid.NewGuid().ToString("N")[..8];
string Conn(string role, string db) => $"Host=127.0.0.1;Port={port};Username={role};Database={db};Command Timeout=0";
var super = Conn("postgres", database);
var owner = Conn("auditexplorer_owner", database);

await ExecAsync(Conn("postgres", "postgres"), $"create database \"{database}\" owner auditexplorer_owner");
try
{
    await AuditStoreOptions.MigrateAsync(owner, super);
    // Two twin months, long expired, each with the tenant's own partition (its period differs from the default).
    await ExecAsync(owner, "insert into audit.tenants (tenant_id, display_name) values ('bench', 'Bench'), ('others', 'Others')");
    await ExecAsync(owner, "select audit.set_retention_policy('bench', 12, null, 'bench', 'bench', 'system')");
    await ExecAsync(owner, "select audit.ensure_partitions('2001-01-01', '2001-02-01')");
    var clock = Stopwatch.StartNew();
    foreach (var month in new[] { "2001-01-01", "2001-02-01" })
        await LoadAsync(super, "bench", month, rows);
    if (otherRows > 0) await LoadAsync(super, "others", "2001-01-01", otherRows);
    await ExecAsync(super, "analyze audit.events");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"loaded 2 x {rows:N0} rows of tenant bench (+ {otherRows:N0} of others in the shared partition) in {clock.Elapsed.TotalSeconds:0.0} s"));

    // Seals and search words for January (the sealer writes both), so the hook's completeness checks run as in
    // production; the archive record matches them.
    await ExecAsync(super, """
        set session_replication_role = replica;
        insert into audit.seals (tenant_id, seq, event_id, occurred_at, prev_hash, hash, leaf_hash)
        select 'bench', row_number() over (order by occurred_at, id), id, occurred_at,
               sha256(id::text::bytea), sha256(('h' || id)::bytea), sha256(('l' || id)::bytea)
        from audit.events where tenant_id = 'bench' and occurred_at < '2001-02-01';
        insert into audit.event_words (tenant_id, occurred_at, id, words)
        select tenant_id, occurred_at, id, audit.values_search_text(old_values, new_values)
        from audit.events where tenant_id = 'bench' and occurred_at < '2001-02-01'
        """);
    // A month that expires is years old: autovacuum has long since set its visibility map, so the hook's counts may
    // read indexes instead of every row. --no-vacuum measures the month as freshly written instead.
    if (!options.ContainsKey("no-vacuum"))
        foreach (var table in new[] { "audit.events", "audit.seals", "audit.event_words" })
            await ExecAsync(super, $"vacuum (analyze) {table}");
    var archive = $$"""[{"tenant_id":"bench","location":"bench://none","sha256":"{{new string('0', 64)}}","event_count":{{rows}},"first_seq":1,"last_seq":{{rows}},"checkpoint_size":{{rows}},"range_from":"2001-01-01T00:00:00Z","range_to":"2001-02-01T00:00:00Z"}]""";

    if (options.ContainsKey("explain"))
    {
        // Where the hook's time goes: its three full passes, as it runs them.
        foreach (var sql in new[]
        {
            "select count(*) from audit.events_2001_01_t_bench where tenant_id = 'bench'",
            "select count(*), min(s.seq), max(s.seq) from audit.seals s where s.tenant_id = 'bench' and s.occurred_at >= '2001-01-01' and s.occurred_at < '2001-02-01'",
            "select count(*) from audit.words_2001_01_t_bench",
        })
        {
            await using var conn = new NpgsqlConnection(super);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("explain (analyze, costs off, timing off) " + sql, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            Console.WriteLine(sql);
            while (await reader.ReadAsync()) Console.WriteLine("  " + reader.GetString(0));
        }
    }
    var (dropTime, dropWal) = await MeasureAsync(owner, $"select audit_guard.drop_expired_partition('audit.events_2001_01_t_bench', '{archive}'::jsonb)");
    var (deleteTime, deleteWal) = await MeasureAsync(super,
        "set session_replication_role = replica; delete from audit.events where tenant_id = 'bench' and occurred_at >= '2001-02-01' and occurred_at < '2001-03-01'");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"expire one month of one tenant ({rows:N0} rows): hook (checks + detach + drop) {dropTime.TotalSeconds:0.000} s, {dropWal / 1024.0:N0} kB WAL"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"row DELETE of the same number of rows:                 {deleteTime.TotalSeconds:0.000} s, {deleteWal / 1024.0:N0} kB WAL"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"hook / DELETE: time {dropTime.TotalSeconds / deleteTime.TotalSeconds:0.000}x, WAL {dropWal / (double)deleteWal:0.0000}x; {(options.ContainsKey("no-vacuum") ? "not vacuumed" : "vacuumed")}; load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a")}"));
}
finally
{
    NpgsqlConnection.ClearAllPools();
    if (!options.ContainsKey("keep")) await ExecAsync(Conn("postgres", "postgres"), $"drop database if exists \"{database}\" with (force)");
}

static async Task LoadAsync(string connection, string tenant, string month, int count)
{
    // Straight into the table as the superuser (bypassing the write contract is fine for a timing of removal).
    await ExecAsync(connection, $"""
        insert into audit.events (tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind, entity_type, entity_id, new_values, context)
        select '{tenant}', '{month}'::timestamptz + ((i % 2332800) * interval '1 second'), gen_random_uuid(), 'u' || (i % 50), 'user',
               'contract.update', 'update', 'contract', (i % 5000)::text,
               jsonb_build_object('amount', i, 'note', repeat('x', 120)), jsonb_build_object('request_id', 'r' || i)
        from generate_series(1, {count}) i
        """);
}

static async Task<(TimeSpan, long)> MeasureAsync(string connection, string sql)
{
    await using var conn = new NpgsqlConnection(connection);
    await conn.OpenAsync();
    await using (var checkpoint = new NpgsqlCommand("select 1", conn)) await checkpoint.ExecuteNonQueryAsync();
    var before = await LsnAsync(conn);
    var clock = Stopwatch.StartNew();
    await using (var cmd = new NpgsqlCommand(sql, conn)) await cmd.ExecuteNonQueryAsync();
    var elapsed = clock.Elapsed;
    await using var diff = new NpgsqlCommand("select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint", conn);
    diff.Parameters.AddWithValue(before);
    return (elapsed, (long)(await diff.ExecuteScalarAsync())!);
}

static async Task<string> LsnAsync(NpgsqlConnection conn)
{
    await using var cmd = new NpgsqlCommand("select pg_current_wal_lsn()::text", conn);
    return (string)(await cmd.ExecuteScalarAsync())!;
}

static async Task ExecAsync(string connection, string sql)
{
    await using var conn = new NpgsqlConnection(connection);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand(sql, conn);
    await cmd.ExecuteNonQueryAsync();
}
