using AuditExplorer.Data.Observability;
using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using Npgsql;

namespace AuditExplorer.Data.Export.Jobs;

/// <summary>
/// Runs one claimed export job: writes the package to "id.zip.partial" under the export folder, renames it
/// when complete and records size and SHA-256 on the row. While it runs, a heartbeat writes progress to the
/// row every <see cref="ExportJobOptions.HeartbeatInterval"/> and reads the cancel flag back, so the page's
/// Cancel reaches the worker on whichever instance holds the job, between the writer's batches.
/// </summary>
public sealed class ExportJobRunner(ExportJobStore store, EvidencePackageWriter writer, ExportJobOptions options, string worker)
{
    /// <summary>The message of a job its own host stopped (shutdown or restart).</summary>
    public const string InterruptedMessage = "interrupted by a restart (the server stopped while it ran); export again";

    public async Task<ExportJobOutcome> RunAsync(ExportJobClaim claim, CancellationToken stopping)
    {
        // Not cancelled by the host stopping: the job is claimed (running) now, so it must reach the try below,
        // which marks it failed with the restart message, instead of staying "running" until the stale sweep.
        var job = await store.FindAsync(claim.TenantId, claim.Id, CancellationToken.None)
            ?? throw new InvalidOperationException($"claimed export job {claim.Id} of {claim.TenantId} is not readable in its tenant");
        var path = options.FullPath(job.FilePath);
        var partial = path + ".partial";
        var progress = new LatestProgress();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var beats = new CancellationTokenSource();
        var heartbeat = BeatAsync(claim, progress, cancel, beats.Token);
        ExportJobOutcome outcome;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            EvidencePackageResult result;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                result = await writer.WriteAsync(new EvidencePackageRequest
                {
                    TenantId = job.TenantId, Filter = job.Filter, ExporterSubjectId = job.RequestedById, Reason = job.Reason,
                    ClientApp = options.ClientApp,
                    RevealPersonalValues = job.RevealPersonalValues,
                    // The export's own access event is sealed, checkpointed and proven in the package, so the
                    // manifest's exporter, reason and filter are bound to the log, not the exporter's word.
                    BindToLog = options.BindToLog, BindTimeout = options.BindTimeout,
                }, file, progress, cancel.Token);
            File.Move(partial, path, overwrite: true);
            string sha;
            await using (var done = File.OpenRead(path))
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(done, stopping));
            await StopAsync(beats, heartbeat);
            var recorded = await store.SucceedAsync(claim, worker, result.Manifest.Counts.Events, new FileInfo(path).Length, sha,
                result.AccessEventId, options.Lifetime, CancellationToken.None);
            if (!recorded) TryDelete(path); // declared stale meanwhile: the row says failed, so no file may stay behind
            outcome = new ExportJobOutcome(claim, recorded ? ExportJobStatus.Succeeded : ExportJobStatus.Failed);
        }
        catch (OperationCanceledException) when (progress.Lost)
        {
            outcome = new ExportJobOutcome(claim, ExportJobStatus.Failed);
        }
        catch (OperationCanceledException) when (progress.CancelRequested)
        {
            outcome = await EndAsync(claim, ExportJobStatus.Cancelled, "cancelled on the Exports page", null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            outcome = await EndAsync(claim, ExportJobStatus.Failed, InterruptedMessage, null);
        }
        catch (Exception ex) when (ex is ExportRefusedException or AccessNotRecordedException)
        {
            outcome = await EndAsync(claim, ExportJobStatus.Failed, ex.Message, null);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            outcome = await EndAsync(claim, ExportJobStatus.Failed,
                "The export could not be completed (the audit store or the export folder did not answer). Try again; if it keeps failing, tell your administrator.", ex);
        }
        finally
        {
            await StopAsync(beats, heartbeat);
            TryDelete(partial);
        }
        AuditTelemetry.ExportFinished(job.TenantId, outcome.Status.ToString().ToLowerInvariant());
        return outcome;
    }

    private async Task<ExportJobOutcome> EndAsync(ExportJobClaim claim, ExportJobStatus status, string message, Exception? unexpected)
    {
        try
        {
            await store.EndAsync(claim, worker, status, message, CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            // The row stays running without a heartbeat; the stale sweep fails it later.
            unexpected ??= ex;
        }
        return new ExportJobOutcome(claim, status, unexpected);
    }

    private async Task BeatAsync(ExportJobClaim claim, LatestProgress progress, CancellationTokenSource cancel, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(options.HeartbeatInterval, stop);
                bool? cancelRequested;
                try
                {
                    cancelRequested = await store.HeartbeatAsync(claim, worker, progress.RowsWritten, progress.TotalRows, stop);
                }
                catch (NpgsqlException)
                {
                    continue; // a missed beat; StaleAfter spans many of them
                }
                if (cancelRequested is null) progress.Lost = true;
                else if (cancelRequested == true) progress.CancelRequested = true;
                else continue;
                await cancel.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopped by the run
        }
    }

    private static async Task StopAsync(CancellationTokenSource beats, Task heartbeat)
    {
        if (!beats.IsCancellationRequested) await beats.CancelAsync();
        await heartbeat;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // left for the operator; a partial file is never served (only id.zip of a succeeded row is)
        }
    }

    /// <summary>The writer's latest progress, reported on its own thread and read by the heartbeat.</summary>
    private sealed class LatestProgress : IProgress<ExportProgress>
    {
        private long _rows;
        private long _total = -1;
        private volatile bool _lost, _cancelRequested;

        public long RowsWritten => Interlocked.Read(ref _rows);
        public long? TotalRows => Interlocked.Read(ref _total) is >= 0 and var t ? t : null;
        public bool Lost { get => _lost; set => _lost = value; }
        public bool CancelRequested { get => _cancelRequested; set => _cancelRequested = value; }

        public void Report(ExportProgress value)
        {
            Interlocked.Exchange(ref _rows, value.RowsWritten);
            Interlocked.Exchange(ref _total, value.TotalRows ?? -1);
        }
    }
}
