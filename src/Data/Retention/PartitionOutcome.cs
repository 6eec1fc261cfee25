namespace AuditExplorer.Data.Retention;

/// <summary>What a run did with one partition: dropped after its archives were verified, or kept and why.</summary>
public sealed record PartitionOutcome(string PartitionName, DateTimeOffset RangeFrom, DateTimeOffset RangeTo, bool Dropped, string Detail,
    IReadOnlyList<string> ArchiveLocations);
