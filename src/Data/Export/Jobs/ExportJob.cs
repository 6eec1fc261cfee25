using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Data.Export.Jobs;

/// <summary>One row of web.export_jobs: who asked for which export, how far it is, and the finished package.</summary>
public sealed record ExportJob
{
    public required string TenantId { get; init; }
    public required Guid Id { get; init; }
    public required string RequestedById { get; init; }
    public required string RequestedByName { get; init; }
    public required TimelineFilter Filter { get; init; }
    public string? Reason { get; init; }
    public required ExportJobStatus Status { get; init; }
    public long RowsDone { get; init; }
    public long? RowsTotal { get; init; }
    public long? EventCount { get; init; }
    public long? SizeBytes { get; init; }
    public string? Sha256 { get; init; }
    public Guid? AccessEventId { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>The package's place under the export folder ("tenant/id.zip").</summary>
    public required string FilePath { get; init; }
    public bool CancelRequested { get; init; }
    public string? ClaimedBy { get; init; }
    public DateTimeOffset? HeartbeatAt { get; init; }
    /// <summary>The package carries personal values and salts (decided for the requester when the job was queued).</summary>
    public bool RevealPersonalValues { get; init; }

    /// <summary>Queued or running: the page keeps refreshing while any job is.</summary>
    public bool IsLive => Status is ExportJobStatus.Queued or ExportJobStatus.Running;

    /// <summary>Whether the package may be served at <paramref name="now"/>: succeeded and not past its expiry.</summary>
    public bool IsDownloadable(DateTimeOffset now) => Status == ExportJobStatus.Succeeded && ExpiresAt > now;
}
