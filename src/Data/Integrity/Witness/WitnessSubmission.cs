namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>What came of submitting one tenant's checkpoint to one witness.</summary>
public sealed record WitnessSubmission(string TenantId, long TreeSize, string Witness, bool Cosigned, string? Problem);
