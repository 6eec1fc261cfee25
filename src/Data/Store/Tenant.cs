namespace AuditExplorer.Data.Store;

/// <summary>A customer whose events are isolated from every other tenant's.</summary>
public sealed class Tenant
{
    public required string TenantId { get; init; }
    public required string DisplayName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>JSON paths (e.g. <c>$.customer.email</c>) whose values are personal data.</summary>
    public string[] PersonalPaths { get; init; } = [];
    public bool RequireAccessReason { get; init; }
}
