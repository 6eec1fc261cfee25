namespace AuditExplorer.Data.Integrity;

/// <summary>
/// What the Integrity page shows for a tenant: chain length, unsealed backlog, when the sealer last sealed, last
/// checkpoint, last verification. Ages are measured on the database's clock.
/// </summary>
public sealed record IntegrityStatus(
    string TenantId,
    long ChainLength,
    long UnsealedCount,
    TimeSpan? OldestUnsealedAge,
    StoredCheckpoint? LastCheckpoint,
    VerificationSummary? LastVerification,
    DateTimeOffset? LastSealedAt = null,
    TimeSpan? LastSealAge = null)
{
    /// <summary>
    /// How long events may wait with no seal at all before the sealer counts as not running: longer than the
    /// sealer's longest retry pause (30 intervals), so a sealer that is retrying after a database restart
    /// or working through a large backlog (its last seal is recent) is not reported as stopped.
    /// </summary>
    public static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Events wait and nothing of this tenant was sealed for <see cref="StalledAfter"/>: the sealer is not running,
    /// cannot reach the database, or cannot seal this tenant's chain.
    /// </summary>
    public bool SealerStalled =>
        UnsealedCount > 0 && OldestUnsealedAge > StalledAfter && (LastSealAge is null || LastSealAge > StalledAfter);
}
