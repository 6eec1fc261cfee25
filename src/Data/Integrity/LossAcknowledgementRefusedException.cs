namespace AuditExplorer.Data.Integrity;

/// <summary>An acknowledgement that was refused before anything was written (no rollback, wrong size, no reason, …).</summary>
public sealed class LossAcknowledgementRefusedException(string message) : Exception(message);
