namespace AuditExplorer.Data.Export.Jobs;

/// <summary>Where an export job stands; stored as the lower-case name (web.export_jobs.status).</summary>
public enum ExportJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Expired,
}
