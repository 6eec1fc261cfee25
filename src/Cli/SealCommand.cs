using Npgsql;
using System.Globalization;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;
using Microsoft.Extensions.Logging;

namespace AuditExplorer.Cli;

internal sealed class SealCommand : ICliCommand
{
    public string Name => "seal";
    public string Summary => "Seal queued events into each tenant's hash chain [--tenant X] [--batch-size N]; --watch runs the sealer and signer as a service [--witness \"url key\"].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        await using var sealer = CliDataSources.Sealer(args);
        if (args.Has("watch")) return await WatchAsync(args, sealer, ct);
        var tenant = args.Get("tenant");
        if (tenant is not null) await IntegrityCliOptions.EnsureTenantAsync(sealer, tenant, ct);
        var batchSize = args.GetInt("batch-size", EventSealer.DefaultBatchSize);
        if (batchSize < 1) throw new CliUsageException("--batch-size must be at least 1");

        var result = await new EventSealer(sealer).SealPendingAsync(tenant, batchSize, ct);
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

    // The production shape of sealing: its own process with the key and the sealer's credentials, until stopped.
    private static async Task<int> WatchAsync(CliArguments args, NpgsqlDataSource sealer, CancellationToken ct)
    {
        // A quarter second: a stream then delivers an event within about two seconds of its commit (docs/streams.md, "Lag").
        var sealInterval = Interval(args, "interval", TimeSpan.FromMilliseconds(250));
        var checkpointInterval = Interval(args, "checkpoint-interval", TimeSpan.FromMinutes(1));
        using var keys = IntegrityCliOptions.LoadKeys(args);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }));
        var logger = logging.CreateLogger("auditexplorer.seal");
        using var telemetry = SealerTelemetry.Start();
        if (telemetry.Exporting) logger.LogInformation("Sending metrics and traces to {Endpoint}", Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        logger.LogInformation("Sealing every {Seal} and signing checkpoints every {Checkpoint} with key {Key}; stop with Ctrl+C",
            sealInterval, checkpointInterval, keys.Signer.VerifierKey.Label);
        var witnesses = Witnesses(args);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var cosigner = witnesses.Count == 0 ? null
            : new CheckpointCosigner(sealer, witnesses, http, logging.CreateLogger<CheckpointCosigner>());
        if (cosigner is not null) logger.LogInformation("Submitting checkpoints to witnesses {Witnesses}", string.Join(", ", witnesses.Select(w => $"{w.Key.Label} at {w.Url}")));
        var loop = new SealingLoop(new EventSealer(sealer), new CheckpointIssuer(sealer, keys, logging.CreateLogger<CheckpointIssuer>()),
            sealInterval, checkpointInterval, logger, cosigner);
        await loop.RunAsync(ct);
        return 0;
    }

    // --witness "url key" (repeatable) and AUDITEXPLORER_WITNESSES ("url key;url key").
    private static IReadOnlyList<ConfiguredWitness> Witnesses(CliArguments args)
    {
        try
        {
            var list = args.GetAll("witness").SelectMany(ConfiguredWitness.ParseList).ToList();
            list.AddRange(new WitnessOptions().Resolve());
            return list;
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"--witness / AUDITEXPLORER_WITNESSES: {ex.Message}");
        }
    }

    private static TimeSpan Interval(CliArguments args, string name, TimeSpan fallback)
    {
        if (args.Get(name) is not { } text) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0) return TimeSpan.FromSeconds(seconds);
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new CliUsageException($"--{name} takes seconds (e.g. 2) or a time span (e.g. 00:01:00), not \"{text}\"");
    }
}
