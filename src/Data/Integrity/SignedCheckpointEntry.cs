namespace AuditExplorer.Data.Integrity;

/// <summary>
/// One line of the signer's record: a checkpoint it signed for a tenant (tree size, root, when, and the whole signed
/// note), or, with <see cref="Loss"/>, an acknowledged loss: a checkpoint of the restored tree that the signer
/// continues from instead of the larger tree it had signed before.
/// </summary>
public sealed record SignedCheckpointEntry(string TenantId, long TreeSize, byte[] RootHash, DateTimeOffset SignedAt, string Note,
    LossAcknowledgement? Loss = null)
{
    /// <summary>
    /// Whether this entry, read after <paramref name="known"/>, becomes the tenant's newest: a bigger (or equal)
    /// checkpoint does, and an acknowledgement always does (it is the deliberate new starting point).
    /// </summary>
    public bool Supersedes(SignedCheckpointEntry? known) => known is null || Loss is not null || TreeSize >= known.TreeSize;
}
