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

// Stream destination throughput on loopback (docs/benchmarks.md, "Stream destinations"): pushes N formatted events in
// batches through a real rsyslog and a real nats-server (started by scripts/rsyslog.sh and scripts/nats.sh) and prints
// events/s with the load average. Measure alone: other builds or tests on the machine move the figures by 2-5x.
//   dotnet run -c Release --project bench/AuditExplorer.Bench.Streams -- [--events 200000] [--batch 500] [--body 600]
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
var events = int.Parse(options.GetValueOrDefault("events", "200000"), CultureInfo.InvariantCulture);
var batchSize = int.Parse(options.GetValueOrDefault("batch", "500"), CultureInfo.InvariantCulture);
var bodyBytes = int.Parse(options.GetValueOrDefault("body", "600"), CultureInfo.InvariantCulture);
var syslogPort = int.Parse(options.GetValueOrDefault("syslog-port", "55515"), CultureInfo.InvariantCulture);
var natsPort = int.Parse(options.GetValueOrDefault("nats-port", "54223"), CultureInfo.InvariantCulture);
var root = RepoRoot();

// One body shape for every event, about as large as a typical event JSON with its hashes.
var pad = new string('x', Math.Max(0, bodyBytes - 120));
var messages = Enumerable.Range(1, events).Select(seq => new StreamMessage("acme", seq, Guid.CreateVersion7(), DateTimeOffset.UtcNow,
    Encoding.UTF8.GetBytes($"{{\"action\":\"contract.update\",\"tenant\":\"acme\",\"seq\":{seq},\"hash\":\"{new string('a', 64)}\",\"pad\":\"{pad}\"}}"),
    "application/json")).ToArray();
Console.WriteLine($"{events:N0} events of ~{bodyBytes} bytes in batches of {batchSize}; {Environment.ProcessorCount} cores; load {LoadAverage()}");

var syslogOut = Path.Combine(root, ".local", "rsyslog", "bench-messages.log");
Directory.CreateDirectory(Path.GetDirectoryName(syslogOut)!);
File.Delete(syslogOut);
Script("rsyslog.sh", "start", syslogPort.ToString(CultureInfo.InvariantCulture), syslogOut);
Script("nats.sh", "start", natsPort.ToString(CultureInfo.InvariantCulture));
try
{
    await using (var syslog = new SyslogDestinationFactory().Create(JsonSerializer.SerializeToElement(new { host = "127.0.0.1", port = syslogPort })))
    {
        var sent = await PushAsync("syslog (tcp)", syslog);
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
        await PushAsync("nats (jetstream)", nats);
}
finally
{
    Script("rsyslog.sh", "stop", syslogPort.ToString(CultureInfo.InvariantCulture));
    Script("nats.sh", "stop", natsPort.ToString(CultureInfo.InvariantCulture));
}

async Task<TimeSpan> PushAsync(string name, IStreamDestination destination)
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < messages.Length; i += batchSize)
        await destination.DeliverAsync(new ArraySegment<StreamMessage>(messages, i, Math.Min(batchSize, messages.Length - i)), CancellationToken.None);
    clock.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name,-26} {events / clock.Elapsed.TotalSeconds,10:N0} events/s ({clock.Elapsed.TotalSeconds:0.00} s; load {LoadAverage()})"));
    return clock.Elapsed;
}

void Script(string script, params string[] scriptArgs)
{
    using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "scripts", script), .. scriptArgs]))!;
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/{script} {string.Join(' ', scriptArgs)} failed");
}

static long CountLines(string path)
{
    if (!File.Exists(path)) return 0;
    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
    var buffer = new byte[1 << 16];
    long lines = 0;
    int n;
    while ((n = stream.Read(buffer)) > 0) lines += buffer.AsSpan(0, n).Count((byte)'\n');
    return lines;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("AuditExplorer.sln not found above the benchmark");
}
