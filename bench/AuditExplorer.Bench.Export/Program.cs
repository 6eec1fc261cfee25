using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AuditExplorer.Bench.Export;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

// Measures evidence export on a seeded, sealed and checkpointed database (docs/benchmarks.md, "Evidence export"):
//   dotnet run -c Release --project bench/AuditExplorer.Bench.Export -- --database ae_bench_export --tenant acme [--out /tmp/aebench]
// Runs the full package first so the process's peak working set belongs to it. --package-only stops after
// the package and its verification (to compare two builds on one database, alternating).
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
var database = options.GetValueOrDefault("database", "ae_bench_export");
var tenant = options.GetValueOrDefault("tenant", "acme");
var outDir = options.GetValueOrDefault("out", Path.Combine(Path.GetTempPath(), "ae-export-bench"));
var port = options.GetValueOrDefault("port", "55432");
var reader = $"Host=127.0.0.1;Port={port};Username=auditexplorer_reader;Database={database};Command Timeout=0";
var keyDir = options.GetValueOrDefault("keys", Path.Combine(Directory.GetCurrentDirectory(), ".local", "keys"));
Directory.CreateDirectory(outDir);

using var keys = CheckpointKeys.Load(new CheckpointKeyOptions { DevKeyDirectory = keyDir });
long treeSize;
await using (var conn = new NpgsqlConnection(reader))
{
    await conn.OpenAsync();
    await using var tx = await conn.BeginTransactionAsync();
    await using (var scope = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn))
    {
        scope.Parameters.AddWithValue(tenant);
        await scope.ExecuteNonQueryAsync();
    }
    await using var cmd = new NpgsqlCommand("select max(tree_size) from audit.checkpoints where tenant_id = $1", conn);
    cmd.Parameters.AddWithValue(tenant);
    treeSize = await cmd.ExecuteScalarAsync() is long n ? n : throw new InvalidOperationException($"tenant {tenant} has no checkpoint");
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"tenant {tenant}: checkpoint of {treeSize:N0} events; {Environment.ProcessorCount} cores; {Environment.Version}"));

// 1. The full evidence package (CSV + JSONL + proofs + zip), memory sampled at every batch.
GC.Collect();
GC.WaitForPendingFinalizers();
var baseline = GC.GetTotalMemory(true);
var baselineWs = Process.GetCurrentProcess().WorkingSet64;
long peakManaged = 0;
var packagePath = Path.Combine(outDir, $"evidence-{tenant}.zip");
var clock = Stopwatch.StartNew();
EvidencePackageResult result;
await using (var file = new FileStream(packagePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
{
    var progress = new Sampler(_ => peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false)));
    await using var readerSource = NpgsqlDataSource.Create(reader);
    result = await new EvidencePackageWriter(readerSource, keys.Keyring).WriteAsync(new EvidencePackageRequest
    {
        TenantId = tenant,
        Filter = new TimelineFilter(),
        ExporterSubjectId = "bench",
        Reason = "benchmark",
        ClientApp = "bench",
    }, file, progress);
}
var packageTime = clock.Elapsed;
var peakWs = Process.GetCurrentProcess().PeakWorkingSet64;
var rows = result.Manifest.Counts.Events;
Report("full package", rows, packageTime);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  package {new FileInfo(packagePath).Length / 1048576.0:N0} MiB; files: {string.Join(", ", result.Manifest.Files.Where(f => f.Bytes > 4096).Select(f => $"{f.Name} {f.Bytes / 1048576.0:N0} MiB"))}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  managed heap growth (peak sampled per batch - baseline): {(peakManaged - baseline) / 1048576.0:N1} MiB; working set {baselineWs / 1048576.0:N0} -> peak {peakWs / 1048576.0:N0} MiB"));

// 2. Verification of that package, offline.
clock.Restart();
var report = EvidencePackageVerifier.Verify(packagePath, new PackageVerificationOptions { TrustedKeys = keys.Keyring.Keys });
Report($"verify ({(report.IsValid ? "valid" : "INVALID: " + report.Findings[0])})", report.EventsChecked, clock.Elapsed);

if (options.ContainsKey("package-only")) return report.IsValid ? 0 : 1;

// 3. CSV alone with Sep, same rows as psql \copy below.
var csvPath = Path.Combine(outDir, "sep.csv");
clock.Restart();
long csvRows;
await using (var file = new FileStream(csvPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
await using (var text = new StreamWriter(file, new UTF8Encoding(false), 1 << 16))
{
    using var csv = new EventCsvWriter(text);
    csvRows = await BenchQuery.StreamAsync(reader, tenant, treeSize, csv.Write);
    csv.Complete();
}
var sepTime = clock.Elapsed;
Report("CSV only (Sep)", csvRows, sepTime);

// 4. psql \copy of the same select to CSV.
var copyPath = Path.Combine(outDir, "copy.csv");
var script = Path.Combine(outDir, "copy.sql");
var select = BenchQuery.Select.Replace("$1", "'" + tenant.Replace("'", "''") + "'").Replace("$2", treeSize.ToString(CultureInfo.InvariantCulture));
await File.WriteAllTextAsync(script,
    $"begin;\nselect set_config('app.tenant_id', '{tenant.Replace("'", "''")}', true) \\g /dev/null\n" +
    $"\\copy ({select.ReplaceLineEndings(" ")}) to '{copyPath}' with (format csv, header)\ncommit;\n");
clock.Restart();
using (var psql = Process.Start(new ProcessStartInfo("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port, "-U", "auditexplorer_reader", "-d", database, "-f", script])
       { RedirectStandardOutput = true })!)
{
    await psql.StandardOutput.ReadToEndAsync();
    await psql.WaitForExitAsync();
    if (psql.ExitCode != 0) throw new InvalidOperationException("psql \\copy failed");
}
var copyTime = clock.Elapsed;
Report("psql \\copy CSV", csvRows, copyTime);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  Sep CSV / \\copy throughput ratio: {copyTime.TotalSeconds / sepTime.TotalSeconds:0.00}x (sizes {new FileInfo(csvPath).Length / 1048576.0:N0} vs {new FileInfo(copyPath).Length / 1048576.0:N0} MiB)"));

// 5. JSON Lines alone.
var jsonlPath = Path.Combine(outDir, "events.jsonl");
clock.Restart();
long jsonRows;
await using (var file = new FileStream(jsonlPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
{
    var buffer = new ArrayBufferWriter<byte>(1 << 16);
    var scratch = new CanonicalJsonWriter();
    jsonRows = await BenchQuery.StreamAsync(reader, tenant, treeSize, row =>
    {
        EventJsonLine.Write(buffer, row, scratch);
        if (buffer.WrittenCount < 1 << 16) return;
        file.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    });
    file.Write(buffer.WrittenSpan);
}
Report("JSON Lines only", jsonRows, clock.Elapsed);

foreach (var f in new[] { csvPath, copyPath, jsonlPath, script }) File.Delete(f);
return report.IsValid ? 0 : 1;

static void Report(string what, long rows, TimeSpan time) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what,-40} {rows,12:N0} rows {time.TotalSeconds,8:0.0} s {rows / time.TotalSeconds,10:N0} rows/s  (load average {LoadAverage()})"));

// Figures taken while other work runs are not evidence (docs/benchmarks.md): the 1-minute load average goes beside each.
static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

/// <summary>Runs the callback on the writer's thread at every progress report.</summary>
internal sealed class Sampler(Action<ExportProgress> sample) : IProgress<ExportProgress>
{
    public void Report(ExportProgress value) => sample(value);
}
