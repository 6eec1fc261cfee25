namespace AuditExplorer.Data.Demo;

/// <summary>One generated audit event, shaped like a row of audit.events (JSON as text).</summary>
public sealed record DemoEvent(
    string TenantId,
    DateTime OccurredAt,
    Guid Id,
    string ActorId,
    string ActorKind,
    string Action,
    string ChangeKind,
    string EntityType,
    string EntityId,
    string? OldValues,
    string? NewValues,
    string Context);
