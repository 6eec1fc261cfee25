namespace AuditExplorer.Data.Integrity;

/// <summary>Result of issuing a checkpoint for a tenant: the status, the latest checkpoint, and for a refusal the reason.</summary>
public sealed record CheckpointIssueResult(string TenantId, CheckpointIssueStatus Status, StoredCheckpoint? Checkpoint, string? Problem);
