using System.Diagnostics;
using System.Globalization;
using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Bench;

/// <summary>
/// The cost of keeping personal values outside the hashed bytes: the same audit.append_event (an order with a
/// customer's e-mail and name) into a tenant without personal paths and into one that splits both values into
/// salted commitments (docs/personal-data.md). Rounds alternate so load from other processes hits both alike.
/// Target: at most 10 % more per append.
/// </summary>
internal static class PersonalSplitBenchmark
{
    private const string Document = """{"customer": {"id": "c-%", "email": "customer%@example.com", "name": "Customer %"}, "total": 42, "lines": [1, 2, 3]}""";

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var seconds = options.Number("seconds", 10);
        await using var db = await BenchDatabase.CreateAsync();
        await db.ExecuteAsOwnerAsync("""
            insert into audit.tenants (tenant_id, display_name) values ('plain', 'No personal paths'), ('split', 'Personal paths split');
            insert into audit.personal_data_paths (tenant_id, path, subject_path)
            values ('split', '$.customer.email', '$.customer.id'), ('split', '$.customer.name', '$.customer.id');
            """);
        await using var conn = new NpgsqlConnection(db.ConnectionFor("auditexplorer_writer", "Max Auto Prepare=20;Auto Prepare Min Usages=2"));
        await conn.OpenAsync(ct);
        var results = new Dictionary<string, List<double>> { ["plain"] = [], ["split"] = [] };
        foreach (var tenant in results.Keys) await RoundAsync(conn, tenant, TimeSpan.FromSeconds(1), [], ct); // warm-up
        var rounds = Math.Max(1, seconds / 2);
        for (var r = 0; r < rounds; r++)
            foreach (var (tenant, latencies) in results)
                await RoundAsync(conn, tenant, TimeSpan.FromSeconds((double)seconds / rounds), latencies, ct);

        Console.WriteLine("tenant   appends   median ms   p95 ms");
        foreach (var (tenant, latencies) in results)
        {
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{tenant,-6} {latencies.Count,9:N0} {latencies[latencies.Count / 2],11:0.000} {latencies[(int)(latencies.Count * 0.95)],8:0.000}"));
        }
        var plain = results["plain"][results["plain"].Count / 2];
        var split = results["split"][results["split"].Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"split / plain (median): {split / plain:0.000} (target <= 1.10); load average {MachineLoad.Now()}"));
        await SealAsync(db, results.Keys, ct);
        return 0;
    }

    // The values an append no longer writes are moved by the sealer (docs/personal-data.md): what that costs
    // off the write path, per event, sealing the two tenants' queues in alternating batches (the first of each
    // is warm-up).
    private static async Task SealAsync(BenchDatabase db, IEnumerable<string> tenants, CancellationToken ct)
    {
        await using var source = NpgsqlDataSource.Create(db.ConnectionFor("auditexplorer_sealer"));
        var sealer = new EventSealer(source);
        var spent = tenants.ToDictionary(t => t, _ => (Events: 0L, Seconds: 0.0, Batches: 0));
        for (var busy = true; busy;)
        {
            busy = false;
            foreach (var tenant in spent.Keys.ToList())
            {
                var start = Stopwatch.GetTimestamp();
                var batch = await sealer.SealBatchAsync(tenant, 1_000, ct);
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (batch.EventsSealed == 0) continue;
                busy = true;
                var (events, total, batches) = spent[tenant];
                spent[tenant] = batches == 0 ? (0, 0, 1) : (events + batch.EventsSealed, total + seconds, batches + 1);
            }
        }
        Console.WriteLine("tenant   sealed   events/s   (alternating batches of 1,000, first batch of each left out)");
        foreach (var (tenant, (events, seconds, _)) in spent)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tenant,-6} {events,8:N0} {events / seconds,10:N0}"));
        var plainRate = spent["plain"].Events / spent["plain"].Seconds;
        var splitRate = spent["split"].Events / spent["split"].Seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sealing split / plain (time per event): {plainRate / splitRate:0.000}; load average {MachineLoad.Now()}"));
    }

    private static async Task RoundAsync(NpgsqlConnection conn, string tenant, TimeSpan length, List<double> latencies, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var i = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            ct.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using (var cmd = new NpgsqlCommand(
                "select audit.append_event($1, 'svc', 'service', 'order.update', 'update', 'order', $2, null, $3::jsonb)", conn, tx))
            {
                cmd.Parameters.AddWithValue(tenant);
                cmd.Parameters.AddWithValue("o-" + i.ToString(CultureInfo.InvariantCulture));
                cmd.Parameters.AddWithValue(Document.Replace("%", (i % 1000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
                await cmd.ExecuteScalarAsync(ct);
            }
            await tx.CommitAsync(ct);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            i++;
        }
    }
}
