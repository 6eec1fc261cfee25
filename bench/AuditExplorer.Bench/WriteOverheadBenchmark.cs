using System.Diagnostics;
using System.Globalization;

namespace AuditExplorer.Bench;

/// <summary>
/// The cost of the write contract: the same business UPDATE with and without audit.append_event
/// in its transaction, at 1 client (latency) and N clients (throughput). Shapes alternate in
/// short rounds so load from other processes on the machine hits all of them alike.
/// </summary>
internal static class WriteOverheadBenchmark
{
    private static readonly TransactionShape[] Shapes = [TransactionShape.Plain, TransactionShape.Audited, TransactionShape.Library];

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var seconds = options.Number("seconds", 10);
        var clients = (int)options.Number("clients", 8);
        await using var db = await BenchDatabase.CreateAsync();
        await db.ExecuteAsOwnerAsync($"""
            create table public.contracts (id integer primary key, title text not null, amount numeric not null, updated_at timestamptz not null default now());
            insert into public.contracts (id, title, amount) select i, 'Contract ' || i, i from generate_series(1, {BusinessClient.ContractCount}) i;
            grant select, update on public.contracts to auditexplorer_writer;
            insert into audit.tenants (tenant_id, display_name) values ('{BusinessClient.Tenant}', 'Benchmark');
            """);
        await db.ExecuteAsOwnerAsync("vacuum analyze public.contracts");
        Console.WriteLine($"database {db.Name}: {BusinessClient.ContractCount:N0} contracts; {seconds} s per shape and client count, in rounds of 2 s");

        var results = new List<Measurement>();
        foreach (var clientCount in new[] { 1, clients })
            results.AddRange(await MeasureAsync(db, clientCount, seconds, ct));

        Print(results, clients);
        var events = await db.ScalarAsOwnerAsync("select count(*) from audit.events");
        Console.WriteLine($"audit events appended during the run: {long.Parse(events, CultureInfo.InvariantCulture):N0}");
        return 0;
    }

    private static async Task<Measurement[]> MeasureAsync(BenchDatabase db, int clientCount, long seconds, CancellationToken ct)
    {
        var connection = db.ConnectionFor("auditexplorer_writer", "Max Auto Prepare=20;Auto Prepare Min Usages=2");
        var clients = new BusinessClient[clientCount];
        for (var i = 0; i < clientCount; i++) clients[i] = await BusinessClient.OpenAsync(connection, seed: i + 1, ct);
        try
        {
            foreach (var shape in Shapes) await RoundAsync(clients, shape, TimeSpan.FromSeconds(1), ct); // warm-up
            var measurements = Shapes.Select(s => new Measurement(s, clientCount)).ToArray();
            var rounds = Math.Max(1, seconds / 2);
            for (var r = 0; r < rounds; r++)
            {
                foreach (var m in measurements)
                {
                    var (latencies, elapsed) = await RoundAsync(clients, m.Shape, TimeSpan.FromSeconds((double)seconds / rounds), ct);
                    m.Add(latencies, elapsed);
                }
            }
            return measurements;
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }

    private static async Task<(List<double> Latencies, double Seconds)> RoundAsync(
        BusinessClient[] clients, TransactionShape shape, TimeSpan length, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var until = start + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var perClient = await Task.WhenAll(clients.Select(c => Task.Run(() => c.RunAsync(shape, until, ct), ct)));
        return (perClient.SelectMany(l => l).ToList(), Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static void Print(List<Measurement> results, int clients)
    {
        Console.WriteLine();
        Console.WriteLine("shape     clients  transactions      tx/s   median ms   p95 ms");
        foreach (var m in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{m.Shape,-9} {m.Clients,7} {m.Transactions,13:N0} {m.PerSecond,9:N0} {m.Percentile(0.5),11:0.000} {m.Percentile(0.95),8:0.000}"));

        Measurement Find(TransactionShape s, int c) => results.Single(m => m.Shape == s && m.Clients == c);
        Console.WriteLine();
        foreach (var shape in new[] { TransactionShape.Audited, TransactionShape.Library })
        {
            var added = Find(shape, 1).Percentile(0.5) - Find(TransactionShape.Plain, 1).Percentile(0.5);
            var ratio = Find(shape, clients).PerSecond / Find(TransactionShape.Plain, clients).PerSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{shape}: +{added:0.000} ms median at 1 client (target <= 0.150): {(added <= 0.15 ? "met" : "MISSED")}; " +
                $"tx/s at {clients} clients {ratio:P1} of plain, {1 - ratio:P1} fewer (target <= 25%): {(1 - ratio <= 0.25 ? "met" : "MISSED")}"));
        }
    }
}
