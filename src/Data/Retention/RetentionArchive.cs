namespace AuditExplorer.Data.Retention;

/// <summary>A recorded archive: which tenant's events of which partition left the store, where they went and under which checkpoint.</summary>
public sealed record RetentionArchive(string TenantId, string PartitionName, DateTimeOffset RangeFrom, DateTimeOffset RangeTo, long EventCount,
    long? FirstSeq, long? LastSeq, long CheckpointSize, string Location, string Sha256, DateTimeOffset ArchivedAt);
