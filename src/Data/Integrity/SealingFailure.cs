namespace AuditExplorer.Data.Integrity;

/// <summary>A tenant whose chain could not be extended (its stored chain or tree is damaged); other tenants were still sealed.</summary>
public sealed record SealingFailure(string TenantId, string Problem);
