namespace AuditExplorer.Data.Integrity;

/// <summary>
/// A written acknowledgement: the signer's record entry, the audited event, and what sealing and signing did next
/// (the event sealed, and the first checkpoint over the new history, consistent with the restored tree).
/// </summary>
public sealed record LossAcknowledgementResult(SignedCheckpointEntry Entry, Guid EventId, SealingResult? Sealed, CheckpointIssueResult? Checkpoint);
