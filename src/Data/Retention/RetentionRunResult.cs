namespace AuditExplorer.Data.Retention;

/// <summary>Every expired partition a run considered, in month order.</summary>
public sealed record RetentionRunResult(IReadOnlyList<PartitionOutcome> Partitions)
{
    public int Dropped => Partitions.Count(p => p.Dropped);
    public int Kept => Partitions.Count(p => !p.Dropped);
}
