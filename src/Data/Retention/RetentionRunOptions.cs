namespace AuditExplorer.Data.Retention;

/// <summary>What one retention run may touch and whom its archive exports name.</summary>
public sealed record RetentionRunOptions
{
    /// <summary>Only partitions holding this tenant's events; null for every tenant.</summary>
    public string? TenantId { get; init; }
    /// <summary>Recorded as the exporter of each archive package (its access event is a user's, e.g. the operator running the job).</summary>
    public required string OperatorSubjectId { get; init; }
    /// <summary>List what would expire, archive and drop nothing.</summary>
    public bool DryRun { get; init; }
}
