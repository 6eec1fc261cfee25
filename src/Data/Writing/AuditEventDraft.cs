namespace AuditExplorer.Data.Writing;

/// <summary>
/// The audit event to append for a business change. Values and context are JSON object text
/// (old/new values hold the changed fields; context holds request_id, correlation_id, ip, ...).
/// Leave <see cref="OccurredAt"/> and <see cref="Id"/> empty to let the database use its clock and a UUIDv7.
/// </summary>
public sealed record AuditEventDraft(
    string TenantId,
    string ActorId,
    string ActorKind,
    string Action,
    string ChangeKind,
    string EntityType,
    string EntityId)
{
    public string? OldValues { get; init; }
    public string? NewValues { get; init; }
    public string? Context { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public Guid? Id { get; init; }
    public int SchemaVersion { get; init; } = 1;
}
