namespace AuditExplorer.Data.Retention;

/// <summary>A hold to place: its scope with exactly that scope's key, and the reason (required).</summary>
public sealed record LegalHoldRequest(string Scope, string Reason)
{
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    public string? ActorId { get; init; }
    /// <summary>Matches events whose context has this <c>case_id</c>.</summary>
    public string? CaseId { get; init; }
}
