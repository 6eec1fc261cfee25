namespace AuditExplorer.Data.Integrity;

/// <summary>
/// A row of audit.acknowledged_losses: seqs <paramref name="LostFromSeq"/>–<paramref name="LostThroughSeq"/> lost, who
/// acknowledged it, when and why. The database's copy; what counts is the signer's record (docs/verification.md).
/// </summary>
public sealed record AcknowledgedLoss(long LostFromSeq, long LostThroughSeq, string AcknowledgedBy, DateTimeOffset AcknowledgedAt,
    string Reason, string? CaseId, Guid EventId)
{
    /// <summary>The sentence the Integrity page and the CLI show.</summary>
    public string Describe() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"seqs {LostFromSeq}–{LostThroughSeq} lost, acknowledged by {AcknowledgedBy} at {AcknowledgedAt:u}: {Reason}")
        + (CaseId is null ? "" : $" (case {CaseId})");
}
