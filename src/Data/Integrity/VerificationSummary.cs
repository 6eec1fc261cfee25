namespace AuditExplorer.Data.Integrity;

/// <summary>A row of audit.verifications: one past run and its result (findings as stored JSON; <c>LossAcknowledged</c>: no damage, but losses the signer acknowledged).</summary>
public sealed record VerificationSummary(
    Guid VerificationId,
    VerificationMode Mode,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    bool Intact,
    long FromSeq,
    long ThroughSeq,
    long EventsChecked,
    long? FirstBadSeq,
    string? DamageKind,
    string FindingsJson,
    Guid AuditEventId,
    bool LossAcknowledged = false);
