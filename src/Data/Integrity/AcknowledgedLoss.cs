namespace AuditExplorer.Data.Integrity;

/// <summary>
/// A row of audit.acknowledged_losses: seqs <paramref name="LostFromSeq"/>–<paramref name="LostThroughSeq"/> lost, who
/// acknowledged it, when and why, and the restored and lost roots it claims. The database's copy; what counts is the
/// signer's record (<see cref="AcknowledgedLossConfirmation"/>, docs/verification.md).
/// </summary>
public sealed record AcknowledgedLoss(long LostFromSeq, long LostThroughSeq, string AcknowledgedBy, DateTimeOffset AcknowledgedAt,
    string Reason, string? CaseId, Guid EventId, byte[] RestoredRoot, byte[] LostRoot)
{
    /// <summary>The size of the restored tree the signer continued from (the last seq that is still there).</summary>
    public long RestoredSize => LostFromSeq - 1;

    /// <summary>The sentence the Integrity page and the CLI show.</summary>
    public string Describe() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"seqs {LostFromSeq}–{LostThroughSeq} lost, acknowledged by {AcknowledgedBy} at {AcknowledgedAt:u}: {Reason}")
        + (CaseId is null ? "" : $" (case {CaseId})");
}
