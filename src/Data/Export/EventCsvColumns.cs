using AuditExplorer.Data.Integrity;
using System.Globalization;
using System.Text;

namespace AuditExplorer.Data.Export;

/// <summary>The columns of events.csv: common fields flattened, old/new values and context as JSON text.</summary>
public static class EventCsvColumns
{
    public static readonly string[] Names =
    [
        "seq", "id", "occurred_at", "recorded_at", "actor_id", "actor_kind", "action", "change_kind",
        "entity_type", "entity_id", "schema_version", "old_values", "new_values", "context", "hash", "leaf_hash",
    ];

    /// <summary>True for old_values, new_values and context, which hold JSON text and are never formula-neutralized (they start with '{').</summary>
    public static bool IsJson(int column) => column is 11 or 12 or 13;

    /// <summary>
    /// The cell texts of one event before formula neutralization, in <see cref="Names"/> order, JSON
    /// columns as the event holds them: the stored text when read from the store, the canonical text
    /// when parsed from events.jsonl.
    /// </summary>
    public static string[] RawCells(ExportedEvent row) => Cells(row, row.Event.OldValues, row.Event.NewValues, row.Event.Context);

    /// <summary>
    /// The cells with the JSON columns taken from the event's canonical bytes (events.csv from format 4
    /// on), exactly as events.jsonl holds them; a null value stays an empty cell.
    /// </summary>
    public static string[] CanonicalCells(ExportedEvent row, ReadOnlySpan<byte> canonical, CanonicalValueRanges values)
    {
        var e = row.Event;
        return Cells(row,
            e.OldValues is null ? null : Encoding.UTF8.GetString(canonical[values.OldValues]),
            e.NewValues is null ? null : Encoding.UTF8.GetString(canonical[values.NewValues]),
            Encoding.UTF8.GetString(canonical[values.Context]));
    }

    private static string[] Cells(ExportedEvent row, string? oldValues, string? newValues, string context)
    {
        var e = row.Event;
        return
        [
            row.Seq.ToString(CultureInfo.InvariantCulture),
            e.Id.ToString("D"),
            EventCanonicalForm.FormatTimestamp(e.OccurredAt),
            EventCanonicalForm.FormatTimestamp(e.RecordedAt),
            e.ActorId, e.ActorKind, e.Action, e.ChangeKind, e.EntityType, e.EntityId,
            e.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            oldValues ?? "", newValues ?? "", context,
            Convert.ToBase64String(row.Hash), Convert.ToBase64String(row.LeafHash),
        ];
    }
}
