using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Webhook;

namespace AuditExplorer.Bench.Streams;

/// <summary>
/// Mode <c>webhook</c>: N formatted events in batches through the real <see cref="WebhookDestination"/> (signing, the
/// idempotency key, the retry policy) to a loopback Kestrel receiver that verifies every signature. One stream delivers
/// one batch at a time (the worker awaits each), so <c>--concurrency 1</c> is one stream's figure; more stand for as
/// many streams sharing the destination's connection pool.
/// </summary>
internal static class WebhookThroughput
{
    public static async Task RunAsync(BenchArgs options)
    {
        var events = options.Int("events", 100_000);
        var batchSize = options.Int("batch", 500);
        var bodyBytes = options.Int("body", 600);
        var concurrency = options.Int("concurrency", 1);
        var messages = BenchMessages.Create(events, bodyBytes);
        const string secret = "whsec_bench_" + "0123456789abcdefghijklmnopqrstuvwxyz";

        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Secret = secret;
        using var settings = JsonDocument.Parse(JsonSerializer.Serialize(new { url = receiver.Url, timeout_seconds = 30, attempts = 3 }));
        await using var destination = new WebhookDestinationFactory().Create(settings.RootElement, secret);
        Console.WriteLine($"webhook: {events:N0} events of ~{bodyBytes} bytes in batches of {batchSize}, {concurrency} at once, to {receiver.Url}; " +
                          $"{Environment.ProcessorCount} cores; load {MachineLoad.Now()}");

        // The receiver must really check: a batch signed with another secret is refused (and not retried).
        await using (var forger = new WebhookDestinationFactory().Create(settings.RootElement, secret + "-not"))
        {
            try
            {
                await forger.DeliverAsync(new ArraySegment<StreamMessage>(messages, 0, 1), CancellationToken.None);
                throw new InvalidOperationException("the receiver accepted a batch signed with the wrong secret");
            }
            catch (StreamDeliveryException) when (receiver.Refused == 1) { /* refused, as it must be */ }
        }

        // Warm up the connection and the JIT with one batch, not counted.
        await destination.DeliverAsync(new ArraySegment<StreamMessage>(messages, 0, Math.Min(batchSize, messages.Length)), CancellationToken.None);
        var warm = receiver.Events;

        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) * batchSize < messages.Length)
            {
                var from = batch * batchSize;
                await destination.DeliverAsync(new ArraySegment<StreamMessage>(messages, from, Math.Min(batchSize, messages.Length - from)), CancellationToken.None);
            }
        })));
        clock.Stop();
        var received = receiver.Events - warm;
        var batches = (events + batchSize - 1) / batchSize;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  webhook (signed, verified)  {received / clock.Elapsed.TotalSeconds,10:N0} events/s, {batches / clock.Elapsed.TotalSeconds:N1} batches/s " +
            $"({clock.Elapsed.TotalSeconds:0.00} s; {received:N0} events verified, {receiver.Refused - 1} refused; load {MachineLoad.Now()})"));
        if (received != events || receiver.Refused > 1)
            throw new InvalidOperationException($"the receiver verified {received} of {events} events and refused {receiver.Refused - 1} batches");
    }
}
