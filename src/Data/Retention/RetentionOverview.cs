namespace AuditExplorer.Data.Retention;

/// <summary>What the Retention page shows: the policy, every hold (active first) and the tenant's partitions, soonest expiry first.</summary>
public sealed record RetentionOverview(RetentionPolicy Policy, IReadOnlyList<LegalHold> Holds, IReadOnlyList<ExpiringPartition> Partitions,
    IReadOnlyList<RetentionArchive> Archives);
