namespace AuditExplorer.Data.Integrity;

/// <summary>One line of the signer's record: a checkpoint it signed for a tenant (tree size, root, when, and the whole signed note).</summary>
public sealed record SignedCheckpointEntry(string TenantId, long TreeSize, byte[] RootHash, DateTimeOffset SignedAt, string Note);
