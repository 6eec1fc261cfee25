namespace AuditExplorer.Data.Integrity;

/// <summary>What one sealing transaction did for one tenant. <paramref name="Busy"/>: another sealer held the lock, nothing was done.</summary>
public sealed record SealBatchResult(string TenantId, int EventsSealed, long FirstSeq, long LastSeq, bool Busy)
{
    public static SealBatchResult LockBusy(string tenantId) => new(tenantId, 0, 0, 0, true);
}
