using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Demo;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Bench;

/// <summary>
/// Timeline reads at the first page and deep in a tenant's history: keyset against an OFFSET
/// baseline in the same run, in SQL and through the app's query service, plus word search and
/// the cost of recording each read as an access event.
/// </summary>
internal static class TimelineBenchmark
{
    private const int PageSize = 50;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var events = options.Number("events", 1_000_000);
        var tenants = (int)options.Number("tenants", 5);
        var depth = (int)options.Number("depth", 150_000);
        // --database reuses a store an earlier run kept, so two builds can be compared on the same events.
        await using var db = options.Text("database") is { } kept ? BenchDatabase.Existing(kept) : await BenchDatabase.CreateAsync(options.Has("keep"));
        if (options.Text("database") is null)
        {
            Console.Error.WriteLine($"seeding {events:N0} events over {tenants} tenants into {db.Name}...");
            await DemoSeeder.SeedAsync(db.ConnectionFor("auditexplorer_owner"), new DemoSeedOptions { Tenants = tenants, Events = events }, null, ct);
            await OwnerAsync(db, "analyze audit.events");
        }
        else
        {
            // What the kept store holds, for the "Data:" line.
            events = long.Parse(await OwnerAsync(db, "select count(*) from audit.events"), CultureInfo.InvariantCulture);
            tenants = int.Parse(await OwnerAsync(db, "select count(*) from audit.tenants"), CultureInfo.InvariantCulture);
        }

        // The SQL rows run prepared (auto-prepare on this string), the floor of what a page's query can cost.
        var reader = db.ConnectionFor("auditexplorer_reader", "Maximum Pool Size=40;Command Timeout=0;Max Auto Prepare=50;Auto Prepare Min Usages=2");
        // The query service runs on the reader's one data source built as the web app builds it, which never
        // auto-prepares (docs/operations.md, "Connection pools and busy").
        await using var readerSource = AuditDataSources.Create(DatabaseRole.Reader, reader);
        const string tenant = "acme";
        var total = long.Parse(await OwnerAsync(db, "select count(*) from audit.events where tenant_id = 'acme' and change_kind <> 'access'"), CultureInfo.InvariantCulture);
        depth = (int)Math.Min(depth, total - PageSize - 1);
        var record = (await OwnerAsync(db, "select entity_type || '/' || entity_id from audit.events where tenant_id = 'acme' and change_kind <> 'access' group by 1 order by count(*) desc, 1 limit 1")).Split('/', 2);
        var actor = await OwnerAsync(db, "select actor_id from audit.events where tenant_id = 'acme' and change_kind <> 'access' group by 1 order by count(*) desc, 1 limit 1");
        Console.WriteLine($"Data: {events:N0} events, {tenants} tenants; tenant acme has {total:N0} non-access events. Machine: {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine("| timeline | page | keyset SQL p50 / p95 (ms) | OFFSET SQL p50 (ms) | OFFSET / keyset | service p50 / p95 (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|");

        var codec = new CursorCodec(RandomNumberGenerator.GetBytes(32));
        var query = new TimelineQuery(codec);
        var shapes = new (string Name, TimelineFilter Filter, string Where, object[] Args)[]
        {
            ("time range", new TimelineFilter(), "tenant_id = $1 and change_kind <> 'access'", [tenant]),
            ("record", new TimelineFilter { EntityType = record[0], EntityId = record[1] }, "tenant_id = $1 and entity_type = $2 and entity_id = $3 and change_kind <> 'access'", [tenant, record[0], record[1]]),
            ("actor", new TimelineFilter { ActorId = actor }, "tenant_id = $1 and actor_id = $2 and change_kind <> 'access'", [tenant, actor]),
        };
        if (options.Has("service-only"))
        {
            await ServiceOnlyAsync(readerSource, reader, query, codec, tenant, depth, (int)options.Number("reps", 200), options.Has("words"),
                shapes.Select(s => (s.Name, s.Filter, s.Where, s.Args)).ToList(), ct);
            return 0;
        }
        foreach (var (name, filter, where, args) in shapes)
        {
            var (count, shapeDepth, boundary) = await DeepRowAsync(reader, tenant, where, args, depth, ct);
            var keysetSql = $"select id, occurred_at, actor_id, action from audit.events where {where} and occurred_at <= ${args.Length + 1} and (occurred_at, id) < (${args.Length + 1}, ${args.Length + 2}) order by occurred_at desc, id desc limit {PageSize + 1}";
            var firstSql = $"select id, occurred_at, actor_id, action from audit.events where {where} order by occurred_at desc, id desc limit {PageSize + 1}";
            var offsetSql = $"select id, occurred_at, actor_id, action from audit.events where {where} order by occurred_at desc, id desc offset {shapeDepth} limit {PageSize + 1}";

            var first = await TimeAsync(30, () => SqlAsync(reader, tenant, firstSql, args, ct));
            var deep = await TimeAsync(30, () => SqlAsync(reader, tenant, keysetSql, [.. args, boundary.At, boundary.Id], ct));
            var offset = await TimeAsync(shapeDepth > 10_000 ? 3 : 20, () => SqlAsync(reader, tenant, offsetSql, args, ct));
            var token = codec.Encode(new TimelineCursor(boundary.At, boundary.Id, PageDirection.Next), tenant, filter);
            var serviceFirst = await TimeAsync(30, () => ServiceAsync(readerSource, query, tenant, filter, null, ct));
            var serviceDeep = await TimeAsync(30, () => ServiceAsync(readerSource, query, tenant, filter, token, ct));
            Console.WriteLine($"| {name} ({count:N0} events) | first | {first.P50:0.00} / {first.P95:0.00} | - | - | {serviceFirst.P50:0.00} / {serviceFirst.P95:0.00} |");
            Console.WriteLine($"| {name} | depth {shapeDepth:N0} | {deep.P50:0.00} / {deep.P95:0.00} | {offset.P50:0.0} | {offset.P50 / deep.P50:0}x | {serviceDeep.P50:0.00} / {serviceDeep.P95:0.00} |");
        }

        Console.WriteLine();
        Console.WriteLine("| word search (acme) | matches on first page | p50 / p95 (ms) |");
        Console.WriteLine("|---|---|---|");
        foreach (var word in new[] { "published", "invited", await OwnerAsync(db, "select new_values ->> 'email' from audit.events where tenant_id = 'acme' and new_values ? 'email' limit 1") })
        {
            var filter = new TimelineFilter { Text = word };
            var rows = (await ServiceAsync(readerSource, query, tenant, filter, null, ct)).Rows.Count;
            var t = await TimeAsync(20, () => ServiceAsync(readerSource, query, tenant, filter, null, ct));
            Console.WriteLine($"| \"{word}\" | {rows} | {t.P50:0.0} / {t.P95:0.0} |");
        }

        await AccessOverheadAsync(readerSource, query, tenant, ct);
        return 0;
    }

    // Only the query service, with more repetitions and the shapes interleaved page by page, so that two builds run one
    // after the other on the same store can be compared (the service's SQL and planning, not the database's cache, vary).
    private static async Task ServiceOnlyAsync(NpgsqlDataSource readerSource, string reader, TimelineQuery query, CursorCodec codec, string tenant,
        int depth, int reps, bool words, List<(string Name, TimelineFilter Filter, string Where, object[] Args)> shapes, CancellationToken ct)
    {
        var reads = new List<(string Label, Func<Task> Read)>();
        foreach (var (name, filter, where, args) in shapes)
        {
            var (count, shapeDepth, boundary) = await DeepRowAsync(reader, tenant, where, args, depth, ct);
            var token = codec.Encode(new TimelineCursor(boundary.At, boundary.Id, PageDirection.Next), tenant, filter);
            reads.Add(($"{name} ({count:N0} events), first", () => ServiceAsync(readerSource, query, tenant, filter, null, ct)));
            reads.Add(($"{name}, depth {shapeDepth:N0}", () => ServiceAsync(readerSource, query, tenant, filter, token, ct)));
        }
        foreach (var word in words ? ["published", "invited"] : Array.Empty<string>())
            reads.Add(($"word \"{word}\", first", () => ServiceAsync(readerSource, query, tenant, new TimelineFilter { Text = word }, null, ct)));
        foreach (var (_, read) in reads) { await read(); await read(); }
        var times = reads.Select(_ => new List<double>()).ToList();
        for (var i = 0; i < reps; i++)
            for (var r = 0; r < reads.Count; r++)
            {
                var start = Stopwatch.GetTimestamp();
                await reads[r].Read();
                times[r].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        Console.WriteLine("| service page | p50 / p95 (ms) |");
        Console.WriteLine("|---|---|");
        for (var r = 0; r < reads.Count; r++)
        {
            var t = Summary(times[r]);
            Console.WriteLine($"| {reads[r].Label} | {t.P50:0.00} / {t.P95:0.00} |");
        }
        Console.WriteLine($"load average {MachineLoad.Now()}");
    }

    private static async Task AccessOverheadAsync(NpgsqlDataSource reader, TimelineQuery query, string tenant, CancellationToken ct)
    {
        var contexts = new ContextFactory(reader);
        var reads = new AuditedReads(contexts, reader);
        var viewer = new Viewer("usr_bench", "Bench", null, ["compliance_officer"], new ViewerRequest("req", "ses", "127.0.0.1", "bench", "oidc", "bench"));
        var filter = new TimelineFilter();
        Task Plain() => ServiceAsync(reader, query, tenant, filter, null, ct);
        Task Audited() => reads.ReadAsync(tenant, viewer, p => new AccessRecord("audit_log.view", "tenant", tenant, new Dictionary<string, string?> { ["rows"] = p.Rows.Count.ToString(CultureInfo.InvariantCulture) }),
            (db, token) => query.ReadAsync(db, tenant, filter, null, PageSize, token), ct);
        // One reader: the two alternate call by call, so drift in the machine (disk flushes, other processes) hits both alike.
        var (plain, audited) = await AlternatingAsync(200, Plain, Audited);
        var plain16 = await ConcurrentAsync(16, TimeSpan.FromSeconds(8), Plain);
        var audited16 = await ConcurrentAsync(16, TimeSpan.FromSeconds(8), Audited);
        Console.WriteLine();
        Console.WriteLine("| timeline first page | 1 reader p50 (ms) | 16 readers p50 (ms) | 16 readers pages/s |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| without access event | {plain.P50:0.00} | {plain16.P50:0.00} | {plain16.PerSecond:0} |");
        Console.WriteLine($"| with access event (same transaction) | {audited.P50:0.00} (+{audited.P50 - plain.P50:0.00}) | {audited16.P50:0.00} ({audited16.P50 / plain16.P50:0.00}x) | {audited16.PerSecond:0} |");
        Console.WriteLine($"load average {MachineLoad.Now()}");
    }

    // Set-up statements over the whole store may outlast the default command timeout on a busy machine.
    private static async Task<string> OwnerAsync(BenchDatabase db, string sql)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionFor("auditexplorer_owner", "Command Timeout=0"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToString(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }

    private sealed class ContextFactory(NpgsqlDataSource connection) : IDbContextFactory<AuditDbContext>
    {
        public AuditDbContext CreateDbContext() => AuditStoreOptions.CreateContext(connection);
    }

    private static async Task<TimelinePage> ServiceAsync(NpgsqlDataSource reader, TimelineQuery query, string tenant, TimelineFilter filter, string? cursor, CancellationToken ct)
    {
        await using var db = AuditStoreOptions.CreateContext(reader);
        await using var tx = await TenantScope.BeginAsync(db, tenant, ct);
        return await query.ReadAsync(db, tenant, filter, cursor, PageSize, ct);
    }

    private static async Task<int> SqlAsync(string reader, string tenant, string sql, object[] args, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(reader);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var scope = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn, tx))
        {
            scope.Parameters.AddWithValue(tenant);
            await scope.ExecuteNonQueryAsync(ct);
        }
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        var n = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) n++;
        return n;
    }

    // A shape's events and the row a deep page starts after: at most depth rows in, leaving a full page behind it.
    private static async Task<(long Count, int Depth, (DateTimeOffset At, Guid Id) Boundary)> DeepRowAsync(string reader, string tenant,
        string where, object[] args, int depth, CancellationToken ct)
    {
        var count = await CountAsync(reader, tenant, where, args, ct);
        var shapeDepth = (int)Math.Min(depth, Math.Max(0, count - PageSize - 1));
        return (count, shapeDepth, await RowAtAsync(reader, tenant, where, args, shapeDepth, ct));
    }

    private static async Task<long> CountAsync(string reader, string tenant, string where, object[] args, CancellationToken ct) =>
        await SqlAsync(reader, tenant, $"select 1 from audit.events where {where}", args, ct);

    private static async Task<(DateTimeOffset At, Guid Id)> RowAtAsync(string reader, string tenant, string where, object[] args, int offset, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(reader);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var scope = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn, tx))
        {
            scope.Parameters.AddWithValue(tenant);
            await scope.ExecuteNonQueryAsync(ct);
        }
        await using var cmd = new NpgsqlCommand($"select occurred_at, id from audit.events where {where} order by occurred_at desc, id desc offset {offset} limit 1", conn, tx);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetFieldValue<DateTimeOffset>(0), r.GetGuid(1));
    }

    private sealed record Timing(double P50, double P95, double PerSecond = 0);

    private static async Task<Timing> TimeAsync(int reps, Func<Task> action)
    {
        await action();
        await action();
        var ms = new List<double>();
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        return Summary(ms);
    }

    private static Timing Summary(List<double> ms)
    {
        ms.Sort();
        return new Timing(ms[ms.Count / 2], ms[Math.Min(ms.Count - 1, (int)(ms.Count * 0.95))]);
    }

    private static async Task<(Timing A, Timing B)> AlternatingAsync(int reps, Func<Task> a, Func<Task> b)
    {
        await a();
        await b();
        var msA = new List<double>();
        var msB = new List<double>();
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            await a();
            msA.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            await b();
            msB.Add(sw.Elapsed.TotalMilliseconds);
        }
        return (Summary(msA), Summary(msB));
    }

    private static async Task<Timing> ConcurrentAsync(int clients, TimeSpan duration, Func<Task> action)
    {
        var all = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                var sw = Stopwatch.StartNew();
                await action();
                mine.Add(sw.Elapsed.TotalMilliseconds);
            }
            lock (all) all.AddRange(mine);
        }));
        all.Sort();
        return new Timing(all[all.Count / 2], all[(int)(all.Count * 0.95)], all.Count / clock.Elapsed.TotalSeconds);
    }
}
