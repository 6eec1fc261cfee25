namespace AuditExplorer.Data.Export.Jobs;

/// <summary>
/// One instance's share of the export queue: claims queued jobs one at a time and runs them, and sweeps
/// (stale running jobs fail, expired packages are deleted). Any number of instances may run against one
/// database; the claim (FOR UPDATE SKIP LOCKED) gives each job to exactly one of them.
/// </summary>
public sealed class ExportJobWorker(ExportJobStore store, EvidencePackageWriter writer, ExportJobOptions options, string? workerId = null)
{
    /// <summary>This worker's name in claimed_by: host, process and a random part, new for every start.</summary>
    public string Id { get; } = workerId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Runs queued jobs until none is left (or the host stops); returns how each ended.</summary>
    public async Task<IReadOnlyList<ExportJobOutcome>> RunQueuedAsync(CancellationToken stopping)
    {
        var outcomes = new List<ExportJobOutcome>();
        var runner = new ExportJobRunner(store, writer, options, Id);
        while (!stopping.IsCancellationRequested && await store.ClaimNextAsync(Id, stopping) is { } claim)
            outcomes.Add(await runner.RunAsync(claim, stopping));
        return outcomes;
    }

    /// <summary>
    /// Fails running jobs whose worker stopped beating (and removes their files), then deletes the
    /// files of expired packages and marks their rows expired. Returns the jobs failed and expired.
    /// </summary>
    public async Task<ExportJobSweep> SweepAsync(CancellationToken ct)
    {
        var stale = await store.FailStaleAsync(options.StaleAfter, ct);
        foreach (var job in stale)
        {
            // Its worker may have died between renaming the package and recording it: a failed job keeps no file.
            TryDelete(options.FullPath(job.FilePath) + ".partial");
            TryDelete(options.FullPath(job.FilePath));
        }
        var expired = new List<ExportJobClaim>();
        var problems = new List<string>();
        foreach (var job in await store.ListExpiredAsync(ct))
        {
            var path = options.FullPath(job.FilePath);
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The row stays succeeded (downloads already refuse it past its expiry) and the next sweep retries.
                problems.Add($"{path}: {ex.Message}");
                continue;
            }
            if (await store.MarkExpiredAsync(job, ct)) expired.Add(job);
        }
        return new ExportJobSweep(stale, expired, problems);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // never served; removed by hand if it stays
        }
    }
}
