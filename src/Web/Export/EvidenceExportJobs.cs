using System.Collections.Concurrent;
using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Web.Export;

/// <summary>
/// Runs evidence exports in the background, one package file each under the export folder, and
/// keeps their status for the Exports page. Packages expire after <see cref="Lifetime"/> and are
/// deleted. The history lives in memory: after a restart only the access events remain.
/// </summary>
public sealed class EvidenceExportJobs(EvidencePackageWriter writer, string directory, TimeSpan lifetime, TimeSpan bindTimeout, ILogger<EvidenceExportJobs> logger)
{
    private readonly ConcurrentDictionary<Guid, EvidenceExportJob> _jobs = new();

    public TimeSpan Lifetime => lifetime;

    /// <summary>Raised (on a pool thread) whenever a job moves; pages re-render on it.</summary>
    public event Action<EvidenceExportJob>? Changed;

    public IReadOnlyList<EvidenceExportJob> ForTenant(string tenant)
    {
        ExpireOld();
        return _jobs.Values.Where(j => j.Tenant == tenant).OrderByDescending(j => j.CreatedAt).ToList();
    }

    public EvidenceExportJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public EvidenceExportJob Start(string tenant, string subjectId, string displayName, TimelineFilter filter, string? reason, bool revealPersonalValues = false)
    {
        var id = Guid.NewGuid();
        var folder = Path.Combine(directory, tenant);
        Directory.CreateDirectory(folder);
        var job = new EvidenceExportJob
        {
            Id = id, Tenant = tenant, ExporterSubjectId = subjectId, ExporterName = displayName, Filter = filter, Reason = reason,
            RevealPersonalValues = revealPersonalValues, CreatedAt = DateTimeOffset.UtcNow, FilePath = Path.Combine(folder, id.ToString("N") + ".zip"),
        };
        _jobs[id] = job;
        _ = Task.Run(() => RunAsync(job));
        return job;
    }

    public void Cancel(EvidenceExportJob job) => job.Cancellation.Cancel();

    private async Task RunAsync(EvidenceExportJob job)
    {
        var partial = job.FilePath + ".partial";
        try
        {
            var progress = new Reporter(p =>
            {
                job.RowsWritten = p.RowsWritten;
                job.TotalRows = p.TotalRows;
                Changed?.Invoke(job);
            });
            EvidencePackageResult result;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                result = await writer.WriteAsync(new EvidencePackageRequest
                {
                    TenantId = job.Tenant, Filter = job.Filter, ExporterSubjectId = job.ExporterSubjectId, Reason = job.Reason,
                    ClientApp = "auditexplorer-web",
                    RevealPersonalValues = job.RevealPersonalValues,
                    // The export's own access event is sealed, checkpointed and proven in the package, so the
                    // manifest's exporter, reason and filter are bound to the log, not the exporter's word.
                    BindToLog = true,
                    BindTimeout = bindTimeout,
                }, file, progress, job.Cancellation.Token);
            File.Move(partial, job.FilePath, overwrite: true);
            await using (var done = File.OpenRead(job.FilePath))
                job.Sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(done));
            job.Bytes = new FileInfo(job.FilePath).Length;
            job.AccessEventId = result.AccessEventId;
            job.RowsWritten = result.Manifest.Counts.Events;
            job.ExpiresAt = DateTimeOffset.UtcNow + lifetime;
            job.Status = EvidenceExportStatus.Ready;
        }
        catch (OperationCanceledException)
        {
            job.Status = EvidenceExportStatus.Cancelled;
        }
        catch (Exception ex) when (ex is ExportRefusedException or AccessNotRecordedException)
        {
            job.Problem = ex.Message;
            job.Status = EvidenceExportStatus.Failed;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or IOException or InvalidOperationException)
        {
            logger.LogError(ex, "Evidence export {ExportId} of {Tenant} failed", job.Id, job.Tenant);
            job.Problem = "The export could not be completed (the audit store or the export folder did not answer). Try again; if it keeps failing, tell your administrator.";
            job.Status = EvidenceExportStatus.Failed;
        }
        finally
        {
            if (job.Status != EvidenceExportStatus.Ready) TryDelete(partial);
            Changed?.Invoke(job);
        }
    }

    private void ExpireOld()
    {
        foreach (var job in _jobs.Values.Where(j => j.Status == EvidenceExportStatus.Ready && j.ExpiresAt < DateTimeOffset.UtcNow))
        {
            job.Status = EvidenceExportStatus.Expired;
            TryDelete(job.FilePath);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not delete export file {Path}", path);
        }
    }

    /// <summary>Reports on the writer's thread, so progress is never reordered.</summary>
    private sealed class Reporter(Action<ExportProgress> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value);
    }
}
