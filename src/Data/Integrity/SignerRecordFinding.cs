namespace AuditExplorer.Data.Integrity;

/// <summary>One tenant whose database contradicts the signer's record: the kind, the sizes on both sides, and a sentence.</summary>
public sealed record SignerRecordFinding(string TenantId, SignerRecordFindingKind Kind, long RecordedSize, long? DatabaseSize, string Detail);
