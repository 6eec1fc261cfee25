using System.Diagnostics;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Publication;

namespace AuditExplorer.Bench.Integrity;

/// <summary>
/// "Monitor run against a large tenant": the log grows by a few events and a new checkpoint, then one run of the
/// tenant-side monitor — fetch the latest note, check its signature, fetch and check the consistency proof from the
/// size it saw last, append to its state file. The reads go through the same publication service the HTTP API calls
/// (as the reader role); loopback HTTP adds about a millisecond on top.
/// </summary>
internal static class MonitorRuns
{
    public static async Task RunAsync(BenchDatabase db, string tenant, CheckpointKeys keys, int rounds)
    {
        var dir = Directory.CreateTempSubdirectory("ae-bench-monitor-").FullName;
        var publication = new CheckpointPublication(db.Source("auditexplorer_reader"));
        var monitor = new CheckpointMonitor(keys.Keyring, new MonitorStateFile(Path.Combine(dir, "seen.jsonl")));
        var issuer = new CheckpointIssuer(db.Source("auditexplorer_sealer"), keys);
        var sealer = new EventSealer(db.Source("auditexplorer_sealer"));

        async Task<string> Latest(CancellationToken ct) =>
            (await publication.LatestAsync(tenant, ct))?.Note ?? throw new InvalidOperationException("no checkpoint to monitor");
        Task<ConsistencyProof> Consistency(long from, long to, CancellationToken ct) => publication.ConsistencyAsync(tenant, from, to, ct);

        var first = await monitor.RunAsync(tenant, Latest, Consistency, default); // first sight: nothing to be consistent with yet
        if (!first.IsHealthy) throw new InvalidOperationException(first.Message);
        var times = new List<double>();
        long size = 0;
        for (var i = 0; i < rounds; i++)
        {
            await db.BulkLoadAsync(tenant, 10);
            await sealer.SealPendingAsync(tenant);
            size = (await issuer.IssueAsync(tenant)).Checkpoint?.TreeSize ?? size;
            var clock = Stopwatch.StartNew();
            var result = await monitor.RunAsync(tenant, Latest, Consistency, default);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (!result.IsHealthy) throw new InvalidOperationException(result.Message);
        }
        times.Sort();
        Console.WriteLine($"| monitor run (latest note + consistency proof + state file) at {size:N0} leaves | p50 {times[times.Count / 2]:0.0} ms, p95 {times[Math.Min(times.Count - 1, (int)(times.Count * 0.95))]:0.0} ms | n={times.Count} |");
        Directory.Delete(dir, true);
    }
}
