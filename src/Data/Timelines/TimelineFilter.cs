namespace AuditExplorer.Data.Timelines;

/// <summary>
/// What a timeline shows: the whole tenant by time, one record, or one actor, narrowed by
/// optional filters. Every field is optional; empty strings count as "not set".
/// </summary>
public sealed record TimelineFilter
{
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    public string? ActorId { get; init; }
    public string? Action { get; init; }
    public string? ChangeKind { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Text to find inside old or new values.</summary>
    public string? Text { get; init; }
    /// <summary>
    /// Subject access report (GDPR Art. 15): only events that name this subject as actor or hold a personal value of
    /// theirs (audit.personal_values). Exports only; timelines do not offer it.
    /// </summary>
    public string? SubjectId { get; init; }
    public bool OldestFirst { get; init; }
    /// <summary>Access events (someone viewing the log) are hidden unless asked for.</summary>
    public bool IncludeAccessEvents { get; init; }

    public TimelineKind Kind =>
        !string.IsNullOrEmpty(EntityType) && !string.IsNullOrEmpty(EntityId) ? TimelineKind.Record
        : !string.IsNullOrEmpty(ActorId) ? TimelineKind.Actor
        : TimelineKind.TimeRange;

    /// <summary>A stable text form of the filter; cursors are bound to it.</summary>
    public string Fingerprint() =>
        string.Join('\u001f', EntityType, EntityId, ActorId, Action, ChangeKind,
            From?.UtcTicks, To?.UtcTicks, Text, OldestFirst, IncludeAccessEvents, SubjectId);
}
