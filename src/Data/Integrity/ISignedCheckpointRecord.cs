namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The signer's own append-only record of every checkpoint it signed, kept outside the database
/// (a local file next to the key today; an object store can implement the same contract). The
/// issuer reads it before signing so a database that was rolled back or forked cannot make the
/// key sign a tree that contradicts one it signed before.
/// </summary>
public interface ISignedCheckpointRecord
{
    /// <summary>Where the record lives, for messages (a path or URL).</summary>
    string Location { get; }

    /// <summary>The tenant's newest entry: the largest checkpoint recorded, or a later acknowledged loss (the restored tree the signer continues from); null when none.</summary>
    Task<SignedCheckpointEntry?> LatestAsync(string tenantId, CancellationToken ct);

    /// <summary>The newest entry (as <see cref="LatestAsync"/>) of every tenant in the record.</summary>
    Task<IReadOnlyList<SignedCheckpointEntry>> LatestPerTenantAsync(CancellationToken ct);

    /// <summary>
    /// Every acknowledged-loss entry of the tenant (<see cref="SignedCheckpointEntry.Loss"/> set), in record order,
    /// as recorded: the caller verifies each against the trusted keys.
    /// </summary>
    Task<IReadOnlyList<SignedCheckpointEntry>> AcknowledgementsAsync(string tenantId, CancellationToken ct);

    /// <summary>Appends an entry durably (on stable storage when the task completes), before the note is used anywhere.</summary>
    Task AppendAsync(SignedCheckpointEntry entry, CancellationToken ct);
}
