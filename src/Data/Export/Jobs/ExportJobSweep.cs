namespace AuditExplorer.Data.Export.Jobs;

/// <summary>What one sweep did: running jobs failed as stale, packages expired, and files it could not delete.</summary>
public sealed record ExportJobSweep(IReadOnlyList<ExportJobClaim> FailedAsStale, IReadOnlyList<ExportJobClaim> Expired, IReadOnlyList<string> Problems);
