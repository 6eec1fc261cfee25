namespace AuditExplorer.Data.Timelines;

/// <summary>
/// The columns of one event a timeline page reads; the access context only for access events; the actor's display name
/// unless the actor is unknown or erased.
/// </summary>
internal sealed record TimelineFetch(Guid Id, DateTimeOffset OccurredAt, string ActorId, string? ActorName, string ActorKind, string Action,
    string ChangeKind, string EntityType, string EntityId, string? AccessContext);
