using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Nats;
using AuditExplorer.Data.Streams.Syslog;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace AuditExplorer.Bench.Streams;

/// <summary>
/// Mode <c>destinations</c> (the default): pushes N formatted events in batches through a real rsyslog and a real
/// nats-server (started by scripts/rsyslog.sh and scripts/nats.sh) and prints events/s with the load average.
/// </summary>
internal static class DestinationThroughput
{
    public static async Task RunAsync(BenchArgs options)
    {
        var events = options.Int("events", 200_000);
        var batchSize = options.Int("batch", 500);
        var bodyBytes = options.Int("body", 600);
        var syslogPort = options.Int("syslog-port", 55515);
        var natsPort = options.Int("nats-port", 54223);
        var root = MachineLoad.RepoRoot();

        var messages = BenchMessages.Create(events, bodyBytes);
        Console.WriteLine($"{events:N0} events of ~{bodyBytes} bytes in batches of {batchSize}; {Environment.ProcessorCount} cores; load {MachineLoad.Now()}");

        var syslogOut = Path.Combine(root, ".local", "rsyslog", "bench-messages.log");
        Directory.CreateDirectory(Path.GetDirectoryName(syslogOut)!);
        File.Delete(syslogOut);
        Script(root, "rsyslog.sh", "start", syslogPort.ToString(CultureInfo.InvariantCulture), syslogOut);
        Script(root, "nats.sh", "start", natsPort.ToString(CultureInfo.InvariantCulture));
        try
        {
            await using (var syslog = new SyslogDestinationFactory().Create(JsonSerializer.SerializeToElement(new { host = "127.0.0.1", port = syslogPort })))
            {
                var sent = await PushAsync("syslog (tcp)", syslog, messages, batchSize);
                // rsyslog takes bytes faster than it writes them: also report when the last one reached its file.
                var clock = Stopwatch.StartNew();
                while (CountLines(syslogOut) < events && clock.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(50);
                var total = sent + clock.Elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  syslog written by rsyslog: {events / total.TotalSeconds,10:N0} events/s ({CountLines(syslogOut):N0} lines)"));
            }

            var natsUrl = $"nats://127.0.0.1:{natsPort}";
            await using (var admin = new NatsConnection(NatsOpts.Default with { Url = natsUrl }))
            {
                var js = new NatsJSContext(admin);
                try { await js.DeleteStreamAsync("AE_BENCH"); } catch (NatsJSApiException) { /* not there yet */ }
                await js.CreateStreamAsync(new StreamConfig("AE_BENCH", ["bench.>"]) { Storage = StreamConfigStorage.File });
            }
            await using (var nats = new NatsDestinationFactory(_ => null).Create(JsonSerializer.SerializeToElement(new { url = natsUrl, subject = "bench.{tenant}", stream = "AE_BENCH" })))
                await PushAsync("nats (jetstream)", nats, messages, batchSize);
        }
        finally
        {
            Script(root, "rsyslog.sh", "stop", syslogPort.ToString(CultureInfo.InvariantCulture));
            Script(root, "nats.sh", "stop", natsPort.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static async Task<TimeSpan> PushAsync(string name, IStreamDestination destination, StreamMessage[] messages, int batchSize)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages.Length; i += batchSize)
            await destination.DeliverAsync(new ArraySegment<StreamMessage>(messages, i, Math.Min(batchSize, messages.Length - i)), CancellationToken.None);
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-26} {messages.Length / clock.Elapsed.TotalSeconds,10:N0} events/s ({clock.Elapsed.TotalSeconds:0.00} s; load {MachineLoad.Now()})"));
        return clock.Elapsed;
    }

    private static void Script(string root, string script, params string[] scriptArgs)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "scripts", script), .. scriptArgs]))!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/{script} {string.Join(' ', scriptArgs)} failed");
    }

    private static long CountLines(string path)
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[1 << 16];
        long lines = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0) lines += buffer.AsSpan(0, n).Count((byte)'\n');
        return lines;
    }
}
