using System.Globalization;
using AuditExplorer.Data.Demo;

namespace AuditExplorer.Cli;

internal sealed class SeedDemoCommand : ICliCommand
{
    public string Name => "seed-demo";
    public string Summary => "Load demo tenants and history: [--tenants N] [--events N] [--seed S] [--if-empty] [--writers N].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var tenants = args.GetInt("tenants", 5);
        if (tenants < DemoTenantCatalog.NamedCount)
            throw new CliUsageException($"--tenants must be at least {DemoTenantCatalog.NamedCount}: acme, globex and initech are always created");
        var options = new DemoSeedOptions
        {
            Tenants = tenants,
            Events = GetLong(args, "events", 50_000),
            Seed = args.GetInt("seed", 42),
            IfEmpty = args.Has("if-empty"),
            Writers = Math.Max(1, args.GetInt("writers", 2)),
        };

        var progress = new SeedProgressDisplay(Console.Error, interactive: !Console.IsErrorRedirected);
        var result = await DemoSeeder.SeedAsync(args.OwnerConnection, options, progress.Show, ct);
        progress.Done();
        if (result.Skipped)
        {
            Console.WriteLine("The audit store already holds events; nothing seeded (--if-empty).");
            return 0;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {result.EventsWritten:N0} events ({result.TenantsCreated} new tenants) from {result.From:yyyy-MM-dd} to {result.Until:yyyy-MM-dd} in {result.Elapsed.TotalSeconds:0.0} s ({result.EventsPerSecond:N0} events/s)."));
        return 0;
    }

    private static long GetLong(CliArguments args, string name, long fallback) =>
        args.Get(name) is { } v
            ? long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new CliUsageException($"--{name} takes a whole number, not \"{v}\"")
            : fallback;
}
