using System.Text.Json;
using AuditExplorer.Data.Diff;

namespace AuditExplorer.Data.AsOf;

/// <summary>Replays a record's events to show what the record looked like at a chosen moment.</summary>
public static class RecordStateReconstructor
{
    /// <summary>
    /// Deepest nesting replayed; deeper values are reported as too deep to display. Replay never recurses, so
    /// this only bounds memory; it is far beyond what PostgreSQL's jsonb accepts with its default stack.
    /// </summary>
    public const int MaxDepth = AuditJson.MaxDepth;

    /// <summary>
    /// The state after every event at or before <paramref name="moment"/>: create sets the new values, update
    /// merges its new values over the state (RFC 7396, null removes), delete removes the record; access and
    /// other events leave it as it was. Events with equal times are replayed in the order given.
    /// </summary>
    /// <exception cref="InvalidAuditJsonException">An event's values are not a JSON object, or nest deeper than
    /// <see cref="MaxDepth"/> levels.</exception>
    /// <exception cref="ArgumentException">An event has an unknown change kind.</exception>
    public static ReconstructedState At(IEnumerable<RecordChange> history, DateTimeOffset moment)
    {
        ArgumentNullException.ThrowIfNull(history);
        // The state refers to the parsed events' values without copying them, so every document lives until
        // the state has been written out.
        var documents = new List<JsonDocument>();
        try
        {
            return Replay(history, moment, documents);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    private static ReconstructedState Replay(IEnumerable<RecordChange> history, DateTimeOffset moment, List<JsonDocument> documents)
    {
        ReplayedObject? state = null;
        var existence = RecordExistence.NotYetCreated;
        var partial = false;
        RecordChange? producer = null;

        foreach (var change in history.OrderBy(c => c.OccurredAt).TakeWhile(c => c.OccurredAt <= moment))
        {
            switch (change.ChangeKind.ToLowerInvariant())
            {
                case "create":
                    state = ReadObject(change.NewValues, "new", change, documents) is { } created
                        ? ReplayedObject.From(created)
                        : new ReplayedObject();
                    partial = false;
                    break;
                case "update":
                    if (state is null)
                    {
                        // No create seen (or the record was deleted): start from what the update says it replaced.
                        state = ReadObject(change.OldValues, "old", change, documents) is { } replaced
                            ? ReplayedObject.From(replaced)
                            : new ReplayedObject();
                        partial = true;
                    }
                    if (ReadObject(change.NewValues, "new", change, documents) is { } patch)
                    {
                        JsonMergePatch.Apply(state, patch);
                    }
                    break;
                case "delete":
                    state = null;
                    partial = false;
                    existence = RecordExistence.Deleted;
                    producer = change;
                    continue;
                case "access":
                case "other":
                    continue;
                default:
                    throw new ArgumentException(
                        $"Event {change.EventId} has change kind \"{change.ChangeKind}\"; expected create, update, delete, access or other.",
                        nameof(history));
            }
            existence = RecordExistence.Exists;
            producer = change;
        }

        return new ReconstructedState(
            existence,
            state?.ToCompactJson(),
            producer?.EventId,
            producer?.OccurredAt,
            partial && existence == RecordExistence.Exists);
    }

    private static JsonElement? ReadObject(string? json, string which, RecordChange change, List<JsonDocument> documents)
    {
        if (json is null)
        {
            return null;
        }
        JsonDocument document;
        try
        {
            document = AuditJson.Parse(json, which, MaxDepth);
        }
        catch (InvalidAuditJsonException ex)
        {
            throw new InvalidAuditJsonException($"Event {change.EventId}: {ex.Message}", ex);
        }
        documents.Add(document);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Object => root,
            _ => throw new InvalidAuditJsonException(
                $"The {which} values of event {change.EventId} must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}."),
        };
    }
}
