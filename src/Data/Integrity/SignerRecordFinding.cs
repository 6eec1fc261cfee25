namespace AuditExplorer.Data.Integrity;

/// <summary>
/// One tenant whose database contradicts the signer's record: the kind, the sizes on both sides, a sentence, and
/// when the signer signed the recorded checkpoint (the contradiction arose after that moment).
/// </summary>
public sealed record SignerRecordFinding(string TenantId, SignerRecordFindingKind Kind, long RecordedSize, long? DatabaseSize, string Detail,
    DateTimeOffset? RecordedAt = null);
