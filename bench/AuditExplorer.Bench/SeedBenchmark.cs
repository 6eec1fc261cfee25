using System.Globalization;
using AuditExplorer.Data.Demo;

namespace AuditExplorer.Bench;

/// <summary>seed-demo throughput (events/s) into a fresh, indexed, partitioned audit store.</summary>
internal static class SeedBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var events = options.Number("events", 1_000_000);
        var tenants = (int)options.Number("tenants", 50);
        var writers = (int)options.Number("writers", 2);
        await using var db = await BenchDatabase.CreateAsync(keep: options.Has("keep"));
        Console.WriteLine($"database {db.Name}: seeding {events:N0} events for {tenants} tenants with {writers} writer connections");

        var lastLine = TimeSpan.Zero;
        var result = await DemoSeeder.SeedAsync(db.ConnectionFor("auditexplorer_owner"),
            new DemoSeedOptions { Tenants = tenants, Events = events, Seed = 42, Writers = writers },
            p =>
            {
                if (p.Elapsed - lastLine < TimeSpan.FromSeconds(10)) return;
                lastLine = p.Elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Written,12:N0} events  {p.EventsPerSecond,9:N0} events/s  load {MachineLoad.Now()}"));
            }, ct);

        var size = await db.ScalarAsOwnerAsync(
            "select pg_size_pretty(sum(pg_total_relation_size(c.oid))) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'audit' and c.relkind = 'r'");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {result.EventsWritten:N0} events in {result.Elapsed.TotalSeconds:0.0} s: {result.EventsPerSecond:N0} events/s (target >= 50,000); audit schema size {size}; load {MachineLoad.Now()}"));
        return 0;
    }
}
