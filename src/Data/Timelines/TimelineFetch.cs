namespace AuditExplorer.Data.Timelines;

/// <summary>The columns of one event a timeline page reads; the access context only for access events.</summary>
internal sealed record TimelineFetch(Guid Id, DateTimeOffset OccurredAt, string ActorId, string ActorKind, string Action,
    string ChangeKind, string EntityType, string EntityId, string? AccessContext);
