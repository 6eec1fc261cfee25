using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Web.Export;

/// <summary>One export started from the Exports page: who, what, how far, and the finished package.</summary>
public sealed class EvidenceExportJob
{
    public required Guid Id { get; init; }
    public required string Tenant { get; init; }
    public required string ExporterSubjectId { get; init; }
    public required string ExporterName { get; init; }
    public required TimelineFilter Filter { get; init; }
    public string? Reason { get; init; }
    /// <summary>The package carries personal values and salts (ViewerPrivacy.SeesPersonalValues for the exporter).</summary>
    public bool RevealPersonalValues { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string FilePath { get; init; }
    public CancellationTokenSource Cancellation { get; } = new();

    public EvidenceExportStatus Status { get; set; } = EvidenceExportStatus.Running;
    public long RowsWritten { get; set; }
    public long? TotalRows { get; set; }
    public long? Bytes { get; set; }
    public string? Sha256 { get; set; }
    public Guid? AccessEventId { get; set; }
    public string? Problem { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Describes the filter for the export history, e.g. "contract/42, 2026-03-01 to 2026-04-01".</summary>
    public string FilterText
    {
        get
        {
            var parts = new List<string>();
            if (!string.IsNullOrEmpty(Filter.EntityType)) parts.Add($"{Filter.EntityType}/{Filter.EntityId}");
            if (!string.IsNullOrEmpty(Filter.ActorId)) parts.Add($"actor {Filter.ActorId}");
            if (Filter.From is { } f) parts.Add($"from {f:yyyy-MM-dd HH:mm}Z");
            if (Filter.To is { } t) parts.Add($"to {t:yyyy-MM-dd HH:mm}Z");
            return parts.Count == 0 ? "whole log" : string.Join(", ", parts);
        }
    }
}

/// <summary>Where an export stands.</summary>
public enum EvidenceExportStatus
{
    Running,
    Ready,
    Failed,
    Cancelled,
    Expired,
}
