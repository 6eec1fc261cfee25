using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Webhook;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuditExplorer.Bench.Streams;

/// <summary>
/// Mode <c>lag</c>: writers append at a steady rate through the write contract (writer role), the real sealing loop
/// (as <c>auditexplorer seal --watch</c> runs it) chains them, and the real stream worker delivers a webhook stream,
/// created through the Streams store as an audit admin would, to the loopback receiver. Each event carries its number
/// in its new values; lag = when it reached the receiver − when its append's commit returned to the writer.
/// </summary>
internal static class StreamLagBenchmark
{
    public static async Task RunAsync(BenchArgs options)
    {
        var rate = options.Int("rate", 2000);
        var seconds = options.Seconds("seconds", 60);
        var writers = options.Int("writers", 4);
        var perCommit = options.Int("per-commit", 1);
        var sealInterval = TimeSpan.FromSeconds(options.Seconds("seal-interval", 0.25));
        var pollInterval = TimeSpan.FromSeconds(options.Seconds("poll-interval", 0.25));
        var drain = TimeSpan.FromSeconds(options.Seconds("drain", 30));
        var commits = Math.Max(1, (int)(rate * seconds / perCommit));
        var planned = commits * perCommit;
        // Stopwatch timestamps by event number (1-based): when its commit returned, when it first reached the receiver.
        var committed = new long[planned + 1];
        var arrived = new long[planned + 1];

        await using var db = await BenchDatabase.CreateAsync();
        var tenant = await db.CreateTenantAsync("lag");
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.OnEvent = (e, at) =>
        {
            if (e.TryGetProperty("event", out var ev) && ev.TryGetProperty("new_values", out var values)
                && values.ValueKind == JsonValueKind.Object && values.TryGetProperty("bench_n", out var n)
                && n.TryGetInt32(out var i) && i >= 1 && i <= planned)
                Interlocked.CompareExchange(ref arrived[i], at, 0); // at least once: keep the first arrival
        };
        var factories = new StreamDestinationFactories([new WebhookDestinationFactory()]);
        var streams = new StreamStore(new AuditedReads(db.ReaderContexts, db.Reader), db.Reader, factories);
        var settings = JsonSerializer.Serialize(new { url = receiver.Url, timeout_seconds = 10, attempts = 3 });
        var created = await streams.CreateAsync(tenant, BenchDatabase.BenchAdmin,
            new NewStream("bench-webhook", "webhook", settings, "", StreamFormats.EventJson, StreamPrivacyLevels.Support, StreamStart.Beginning), CancellationToken.None);
        receiver.Secret = created.Secret ?? throw new InvalidOperationException("a webhook stream was created without a secret");

        var key = CheckpointSigningKey.Generate("bench");
        using var keys = new CheckpointKeys(key, new CheckpointKeyring([key.VerifierKey]));
        var sealing = new SealingLoop(new EventSealer(db.Sealer), new CheckpointIssuer(db.Sealer, keys), sealInterval, TimeSpan.FromMinutes(1), NullLogger.Instance);
        await using var worker = new StreamWorker(new StreamDeliveryStore(db.Reader), factories,
            new StreamWorkerOptions { PollInterval = pollInterval }, NullLogger<StreamWorker>.Instance);
        using var stop = new CancellationTokenSource();
        var sealerRun = sealing.RunAsync(stop.Token);
        var workerRun = worker.RunAsync(stop.Token);

        var durability = await db.DurabilityAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lag: {rate:N0} events/s for {seconds:0.#} s ({planned:N0} events, {perCommit} per commit, {writers} writers); sealing every {sealInterval.TotalSeconds:0.##} s, " +
            $"worker polling every {pollInterval.TotalSeconds:0.##} s; {durability}; {Environment.ProcessorCount} cores; load {MachineLoad.Now()}"));
        var writer = new SteadyWriter(db.Writer, tenant, rate, perCommit, commits);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => writer.RunAsync(committed))));
        var appendTime = clock.Elapsed;
        var drainClock = Stopwatch.StartNew();
        while (receiver.Events < planned && drainClock.Elapsed < drain) await Task.Delay(100);
        var arrivedCount = arrived.Skip(1).Count(a => a != 0);
        if (arrivedCount < planned)
        {
            // Redeliveries count in receiver.Events; wait on the distinct arrivals too.
            while (arrived.Skip(1).Count(a => a != 0) < planned && drainClock.Elapsed < drain) await Task.Delay(100);
            arrivedCount = arrived.Skip(1).Count(a => a != 0);
        }
        await stop.CancelAsync();
        await sealerRun;
        try { await workerRun; } catch (OperationCanceledException) { /* stopped mid-round */ }

        var lags = Enumerable.Range(1, planned).Where(i => arrived[i] != 0 && committed[i] != 0)
            .Select(i => (arrived[i] - committed[i]) * 1000.0 / Stopwatch.Frequency).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  appended {planned:N0} in {appendTime.TotalSeconds:0.0} s = {planned / appendTime.TotalSeconds:N0} events/s (target {rate:N0}; " +
            $"a commit started up to {writer.WorstLateness.TotalMilliseconds:N0} ms behind schedule)"));
        Console.WriteLine($"  delivered {arrivedCount:N0} of {planned:N0} ({receiver.Batches:N0} batches, {receiver.Refused} refused, " +
                          $"{planned - arrivedCount:N0} not delivered within {drain.TotalSeconds:0} s after the last append)");
        Console.WriteLine($"  lag (commit -> receiver): {Percentiles.Summary(lags)}; load {MachineLoad.Now()}");
    }
}
