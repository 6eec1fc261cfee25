namespace AuditExplorer.Data.AsOf;

/// <summary>One event of a record's history, as needed to replay its state.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="OccurredAt">When the change happened.</param>
/// <param name="ChangeKind"><c>create</c>, <c>update</c>, <c>delete</c>, <c>access</c> or <c>other</c>.</param>
/// <param name="OldValues">JSON object before the change, or null.</param>
/// <param name="NewValues">JSON object after the change (full document or only the changed fields), or null.</param>
public sealed record RecordChange(Guid EventId, DateTimeOffset OccurredAt, string ChangeKind, string? OldValues, string? NewValues);
