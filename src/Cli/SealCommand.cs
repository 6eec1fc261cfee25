using System.Globalization;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Cli;

internal sealed class SealCommand : ICliCommand
{
    public string Name => "seal";
    public string Summary => "Seal queued events into each tenant's hash chain [--tenant X] [--batch-size N].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var connection = IntegrityCliOptions.SealerConnection(args);
        var tenant = args.Get("tenant");
        if (tenant is not null) await IntegrityCliOptions.EnsureTenantAsync(connection, tenant, ct);
        var batchSize = args.GetInt("batch-size", EventSealer.DefaultBatchSize);
        if (batchSize < 1) throw new CliUsageException("--batch-size must be at least 1");

        var result = await new EventSealer(connection).SealPendingAsync(tenant, batchSize, ct);
        if (result.Busy)
        {
            Console.WriteLine("Another sealer is running; try again when it has finished.");
            return 4;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sealed {result.EventsSealed} events in {result.Batches} batches for {result.Tenants} tenants ({result.Elapsed.TotalSeconds:0.00} s, {result.EventsPerSecond:0} events/s)."));
        foreach (var failure in result.Failures)
            Console.Error.WriteLine($"tenant {failure.TenantId} could not be sealed: {failure.Problem} (run verify-chain --tenant {failure.TenantId} --full)");
        return result.Failures.Count == 0 ? 0 : 1;
    }
}
