namespace AuditExplorer.Data.Store;

/// <summary>One row of the append-only audit log.</summary>
public sealed class AuditEvent
{
    public required string TenantId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public Guid Id { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public required string ActorId { get; init; }
    public required string ActorKind { get; init; }
    public required string Action { get; init; }
    public required string ChangeKind { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    /// <summary>JSON object text (jsonb) or null.</summary>
    public string? OldValues { get; init; }
    /// <summary>JSON object text (jsonb) or null.</summary>
    public string? NewValues { get; init; }
    /// <summary>JSON object text (jsonb): request_id, correlation_id, session_id, ip, user_agent, ...</summary>
    public string Context { get; init; } = "{}";
    public int SchemaVersion { get; init; } = 1;
}
