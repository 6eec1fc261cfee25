namespace AuditExplorer.Data.Integrity;

/// <summary>One acknowledged-loss row with what the signer's record says about it, and why, in a sentence for the page.</summary>
public sealed record AcknowledgedLossCheck(AcknowledgedLoss Loss, AcknowledgedLossStatus Status, string Detail);
