namespace AuditExplorer.Data.Timelines;

/// <summary>One line of a timeline: enough to scan, without the (possibly large) values; access events carry their context.</summary>
public sealed record TimelineRow(
    Guid Id,
    DateTimeOffset OccurredAt,
    string ActorId,
    string ActorKind,
    string? ActorName,
    string Action,
    string ChangeKind,
    string EntityType,
    string EntityId,
    string? AccessContext = null);
