namespace AuditExplorer.Data.Integrity;

/// <summary>A row of audit.verifications: one past run and its result (findings as stored JSON).</summary>
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
    Guid AuditEventId);
