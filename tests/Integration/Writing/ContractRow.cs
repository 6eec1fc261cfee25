namespace AuditExplorer.Tests.Integration.Writing;

/// <summary>A business row of the sample application the audited transactions change.</summary>
public sealed class ContractRow
{
    public required string Id { get; set; }
    public required string TenantId { get; set; }
    public required string Title { get; set; }
    public decimal Amount { get; set; }
}
