namespace AuditExplorer.Data.Export.Jobs;

/// <summary>How a run ended; <see cref="Unexpected"/> holds a failure the host should log (the row shows a plain message).</summary>
public sealed record ExportJobOutcome(ExportJobClaim Job, ExportJobStatus Status, Exception? Unexpected = null);
