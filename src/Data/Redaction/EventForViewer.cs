using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Data.Redaction;

/// <summary>
/// One event as a particular viewer may see it, built by <see cref="ViewerPrivacy"/>: nothing in it is
/// personal data the viewer may not see, so it can be handed to any component as it is.
/// </summary>
/// <param name="ActorLabel">The actor's name, or <see cref="ViewerPrivacy.Marker"/> for someone else's name the viewer may not see.</param>
/// <param name="Context">Context entries in stored order, values redacted where personal.</param>
/// <param name="Changes">What changed (already redacted), or null when <paramref name="ChangesProblem"/> says why not.</param>
/// <param name="ChangesProblem">Why the values cannot be compared or shown, in words for the viewer.</param>
/// <param name="Correlated">Events of the same request or correlation, names removed as in timelines.</param>
/// <param name="IsRedacting">True when personal data was hidden from this viewer.</param>
public sealed record EventForViewer(
    Guid Id,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string ActorId,
    string ActorKind,
    string ActorLabel,
    string Action,
    string ChangeKind,
    string EntityType,
    string EntityId,
    int SchemaVersion,
    IReadOnlyList<KeyValuePair<string, string>> Context,
    ChangeComparison? Changes,
    string? ChangesProblem,
    IReadOnlyList<TimelineRow> Correlated,
    bool IsRedacting);
