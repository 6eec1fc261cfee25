using System.Text.Json;
using System.Text.Json.Nodes;
using AuditExplorer.Data.Diff;

namespace AuditExplorer.Data.AsOf;

/// <summary>Replays a record's events to show what the record looked like at a chosen moment.</summary>
public static class RecordStateReconstructor
{
    /// <summary>
    /// Nesting limit for replayed states: the JSON object model writes recursively, so a bound keeps a hostile
    /// document from exhausting the stack.
    /// </summary>
    public const int MaxDepth = 512;

    /// <summary>
    /// The state after every event at or before <paramref name="moment"/>: create sets the new values, update
    /// merges its new values over the state (RFC 7396, null removes), delete removes the record; access and
    /// other events leave it as it was. Events with equal times are replayed in the order given.
    /// </summary>
    /// <exception cref="InvalidAuditJsonException">An event's values are not a JSON object.</exception>
    /// <exception cref="ArgumentException">An event has an unknown change kind.</exception>
    public static ReconstructedState At(IEnumerable<RecordChange> history, DateTimeOffset moment)
    {
        ArgumentNullException.ThrowIfNull(history);
        JsonObject? state = null;
        var existence = RecordExistence.NotYetCreated;
        var partial = false;
        RecordChange? producer = null;

        foreach (var change in history.OrderBy(c => c.OccurredAt).TakeWhile(c => c.OccurredAt <= moment))
        {
            switch (change.ChangeKind.ToLowerInvariant())
            {
                case "create":
                    state = ReadObject(change.NewValues, "new", change) ?? [];
                    partial = false;
                    break;
                case "update":
                    if (state is null)
                    {
                        // No create seen (or the record was deleted): start from what the update says it replaced.
                        state = ReadObject(change.OldValues, "old", change) ?? [];
                        partial = true;
                    }
                    if (ReadObject(change.NewValues, "new", change) is { } patch)
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
            state is null ? null : Compact(state),
            producer?.EventId,
            producer?.OccurredAt,
            partial && existence == RecordExistence.Exists);
    }

    private static string Compact(JsonObject state)
    {
        // Re-read so the text gets the same readable escaping as every other value the viewer shows.
        using var document = AuditJson.Parse(state.ToJsonString(), "replayed", MaxDepth + 1);
        return AuditJson.Compact(document.RootElement);
    }

    private static JsonObject? ReadObject(string? json, string which, RecordChange change)
    {
        if (json is null)
        {
            return null;
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new InvalidAuditJsonException(
                $"The {which} values of event {change.EventId} are not valid JSON (or nest deeper than {MaxDepth} levels): {ex.Message}", ex);
        }
        return node switch
        {
            null => null,
            JsonObject value => value,
            _ => throw new InvalidAuditJsonException(
                $"The {which} values of event {change.EventId} must be a JSON object, not {node.GetValueKind().ToString().ToLowerInvariant()}."),
        };
    }
}
