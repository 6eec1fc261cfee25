namespace AuditExplorer.Data.Retention;

/// <summary>
/// A partition holding some of a tenant's events: its month, whether it is the tenant's own or
/// shared with others, when the tenant's events in it expire, and the active holds keeping it.
/// </summary>
public sealed record ExpiringPartition(string PartitionName, DateTimeOffset RangeFrom, DateTimeOffset RangeTo, bool Dedicated,
    DateTimeOffset ExpiresAt, IReadOnlyList<Guid> Holds)
{
    public bool Held => Holds.Count > 0;
}
