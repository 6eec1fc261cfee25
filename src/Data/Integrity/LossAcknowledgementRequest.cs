namespace AuditExplorer.Data.Integrity;

/// <summary>
/// What the signer's operator asks for: accept that the tenant's log lost everything after its restored size up to
/// <paramref name="ThroughSize"/> (the size the signer last signed, which must match its record), and why.
/// </summary>
public sealed record LossAcknowledgementRequest(string TenantId, long ThroughSize, string Reason, string? CaseId, string OperatorId);
