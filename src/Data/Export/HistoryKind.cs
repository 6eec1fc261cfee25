namespace AuditExplorer.Data.Export;

/// <summary>Which back link a history export follows (docs/event-format.md, "Back links").</summary>
public enum HistoryKind
{
    /// <summary>One record's history (entity type + id): follows prev_record_seq.</summary>
    Record,

    /// <summary>One actor's history: follows prev_actor_seq.</summary>
    Actor,
}
