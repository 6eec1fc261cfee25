using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Timelines;

/// <summary>One event in full, who its actor is, and the events of the same request or correlation.</summary>
public sealed record EventDetail(AuditEvent Event, Subject? Actor, IReadOnlyList<TimelineRow> Correlated)
{
    /// <summary>The personal values behind the event's commitments (none when it has none, or its subjects are erased).</summary>
    public Redaction.RevealedValues Personal { get; init; } = Redaction.RevealedValues.None;
}
