namespace AuditExplorer.Data.Integrity;

/// <summary>A row of audit.checkpoints: a signed tree head of one tenant's log.</summary>
public sealed record StoredCheckpoint(string TenantId, long TreeSize, byte[] RootHash, string Note, string KeyId, DateTimeOffset IssuedAt);
