using System.Diagnostics;
using System.Globalization;
using AuditExplorer.Bench.Integrity;
using AuditExplorer.Data.Integrity;
using Npgsql;

// Measures the tamper-evidence numbers reported in docs/benchmarks.md ("Tamper evidence").
// usage: dotnet run -c Release --project bench/AuditExplorer.Bench.Integrity -- [events] [--skip-load-tests] [--cpu-only] [--writes-only]
//        [--keep NAME]      keep the database under NAME and reuse it next time (load and seal once, measure again later)
//        [--prepare-only]   load and seal, then stop (with --keep: build a 10M store while the machine is busy, measure when it is quiet)
//        [--verify-only]    after loading (or reusing) and one checkpoint, measure only the full verification (profiling runs)
var events = args.Length > 0 && long.TryParse(args[0], out var n) ? n : 1_000_000;
var skipLoad = args.Contains("--skip-load-tests");
var verifyOnly = args.Contains("--verify-only");
var keepIndex = Array.IndexOf(args, "--keep");
var keep = keepIndex >= 0 && keepIndex + 1 < args.Length ? args[keepIndex + 1] : null;
var server = Environment.GetEnvironmentVariable("AE_BENCH_SERVER") ?? "Host=127.0.0.1;Port=55432";
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

if (args.Contains("--writes-only"))
{
    await using var writesDb = new BenchDatabase(server);
    await writesDb.CreateAsync();
    for (var round = 1; round <= 2; round++)
    {
        foreach (var withSealer in new[] { false, true })
        {
            var hotRate = await WriterLoad.ThroughputAsync(writesDb, await writesDb.CreateTenantsAsync($"hot{round}{(withSealer ? "s" : "n")}", 1), TimeSpan.FromSeconds(10), withSealer);
            var spreadRate = await WriterLoad.ThroughputAsync(writesDb, await writesDb.CreateTenantsAsync($"spread{round}{(withSealer ? "s" : "n")}", 50), TimeSpan.FromSeconds(10), withSealer);
            Console.WriteLine($"| round {round}, sealer {(withSealer ? "on" : "off")}: one hot tenant {hotRate:N0} tx/s, 50 tenants {spreadRate:N0} tx/s | hot/spread = {hotRate / spreadRate:0.00} | |");
        }
    }
    return;
}

if (!verifyOnly)
{
    HashingThroughput.Run(100_000);
    HashingThroughput.Run(300_000);
}
if (args.Contains("--cpu-only")) return;

await using var db = new BenchDatabase(server, keep);
await db.CreateAsync();
Console.WriteLine($"database {db.Name}{(db.Reused ? " (kept from an earlier run)" : "")}, {Environment.ProcessorCount} cores, load average {Load()}");

var big = (await db.CreateTenantsAsync("big", 1))[0];
var clock = Stopwatch.StartNew();
var meter = new CpuMeter(db);
var sealer = new EventSealer(db.Source("auditexplorer_sealer"));
if (!db.Reused)
{
    await db.BulkLoadAsync(big, events);
    Console.WriteLine($"loaded {events:N0} events in {clock.Elapsed.TotalSeconds:0.0} s (load average {Load()})");
    await sealer.SealBatchAsync(big, 1); // opens the pooled connection the meter watches
    await meter.StartAsync();
    var sealing = await sealer.SealPendingAsync(big, 10_000);
    var sealCpu = await meter.StopAsync();
    Console.WriteLine($"| sealer throughput (batch 10k, {sealing.EventsSealed:N0} events) | {sealing.EventsPerSecond:N0} events/s wall | {sealing.Elapsed.TotalSeconds:0.0} s; CPU {sealCpu.Client:0.0} s client + {sealCpu.Database:0.0} s PostgreSQL = {sealing.EventsSealed / (sealCpu.Client + sealCpu.Database):N0} events per CPU-second | load {Load()} |");
}
else
{
    await sealer.SealPendingAsync(big, 10_000); // whatever an interrupted earlier run left unsealed
}
if (args.Contains("--prepare-only")) return;

// A kept store keeps its checkpoint key too, or the next run's verification finds its earlier checkpoints unsigned.
var keyFile = keep is null ? null : Path.Combine(Path.GetTempPath(), $"{keep}.checkpoint.pem");
var key = keyFile is not null && File.Exists(keyFile) ? CheckpointSigningKey.FromPem("bench", File.ReadAllText(keyFile)) : CheckpointSigningKey.Generate("bench");
if (keyFile is not null && !File.Exists(keyFile)) File.WriteAllText(keyFile, key.ExportPem());
var keyring = new CheckpointKeyring([key.VerifierKey]);
using var signing = new CheckpointKeys(key, keyring);
clock.Restart();
var checkpoint = await new CheckpointIssuer(db.Source("auditexplorer_sealer"), signing).IssueAsync(big);
Console.WriteLine($"| checkpoint at {checkpoint.Checkpoint!.TreeSize:N0} leaves | {clock.Elapsed.TotalMilliseconds:0} ms | load {Load()} |");
if (!verifyOnly)
{
    await WitnessRoundTrip.RunAsync(db, big, signing, 20);
    Console.WriteLine($"(load average {Load()})");
    await MonitorRuns.RunAsync(db, big, signing, 20);
    Console.WriteLine($"(load average {Load()})");
}

var verifier = new ChainVerifier(db.Source("auditexplorer_owner"), keyring);
await using (var warm = await db.Source("auditexplorer_owner").OpenConnectionAsync()) { }
// Profiling runs on small stores verify twice and report both: the first run pays for compiling the read path.
for (var run = verifyOnly ? 2 : 1; run > 1; run--)
{
    await meter.StartAsync();
    var cold = await verifier.VerifyAsync(big, VerificationMode.Full, VerificationActor.System("bench"));
    var coldCpu = await meter.StopAsync();
    Console.WriteLine($"| full verification, first run in this process ({cold.EventsChecked:N0} events, intact={cold.Intact}) | {cold.EventsPerSecond:N0} events/s wall | {cold.Elapsed.TotalSeconds:0.0} s; CPU {coldCpu.Client:0.0} s client + {coldCpu.Database:0.0} s PostgreSQL | load {Load()} |");
}
await meter.StartAsync();
var report = await verifier.VerifyAsync(big, VerificationMode.Full, VerificationActor.System("bench"));
var verifyCpu = await meter.StopAsync();
Console.WriteLine($"| full verification ({report.EventsChecked:N0} events, intact={report.Intact}) | {report.EventsPerSecond:N0} events/s wall | {report.Elapsed.TotalSeconds:0.0} s; CPU {verifyCpu.Client:0.0} s client + {verifyCpu.Database:0.0} s PostgreSQL = {report.EventsChecked / (verifyCpu.Client + verifyCpu.Database):N0} events per CPU-second | load {Load()} |");
if (!report.Intact) throw new InvalidOperationException($"verification of the bench store found damage: {report.FirstDamage} at seq {report.FirstBadSeq}");
if (verifyOnly) return;

await using (var conn = new NpgsqlConnection(db.As("auditexplorer_owner")))
{
    await conn.OpenAsync();
    var reader = new MerkleTreeReader(new StoredMerkleHashes(conn, big));
    var size = checkpoint.Checkpoint.TreeSize;
    var random = new Random(7);
    for (var i = 0; i < 20; i++) await reader.InclusionProofAsync(random.NextInt64(size), size, default);
    var times = new List<double>();
    for (var i = 0; i < 500; i++)
    {
        var leaf = random.NextInt64(size);
        var t = Stopwatch.StartNew();
        var proof = await reader.InclusionProofAsync(leaf, size, default);
        times.Add(t.Elapsed.TotalMilliseconds);
        if (proof.Path.Count == 0 && size > 1) throw new InvalidOperationException("empty proof");
    }
    times.Sort();
    Console.WriteLine($"| inclusion proof at {size:N0} leaves (500 random leaves) | p50 {times[250]:0.00} ms, p99 {times[495]:0.00} ms | {reader.GetType().Name}, load {Load()} |");
    var ct = Stopwatch.StartNew();
    await reader.ConsistencyProofAsync(size / 3, size, default);
    Console.WriteLine($"| consistency proof {size / 3:N0} -> {size:N0} | {ct.Elapsed.TotalMilliseconds:0.00} ms | |");
}

if (!skipLoad)
{
    await WriterLoad.CommitToSealedAsync(db, 2000, TimeSpan.FromSeconds(20));
    var hot = await WriterLoad.ThroughputAsync(db, await db.CreateTenantsAsync("hot", 1), TimeSpan.FromSeconds(15));
    var spread = await WriterLoad.ThroughputAsync(db, await db.CreateTenantsAsync("spread", 50), TimeSpan.FromSeconds(15));
    Console.WriteLine($"| audited writes, one hot tenant | {hot:N0} tx/s | |");
    Console.WriteLine($"| audited writes, spread over 50 tenants | {spread:N0} tx/s | hot/spread = {hot / spread:0.00} |");
}

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
