namespace AuditExplorer.Data.Integrity;

/// <summary>Result of issuing a checkpoint: the status, the latest checkpoint, and for a refusal the reason.</summary>
public sealed record CheckpointIssueResult(CheckpointIssueStatus Status, StoredCheckpoint? Checkpoint, string? Problem);
