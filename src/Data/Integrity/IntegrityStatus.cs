namespace AuditExplorer.Data.Integrity;

/// <summary>What the Integrity page shows for a tenant: chain length, unsealed backlog, last checkpoint, last verification.</summary>
public sealed record IntegrityStatus(
    string TenantId,
    long ChainLength,
    long UnsealedCount,
    TimeSpan? OldestUnsealedAge,
    StoredCheckpoint? LastCheckpoint,
    VerificationSummary? LastVerification);
