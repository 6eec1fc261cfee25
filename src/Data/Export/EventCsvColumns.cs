using AuditExplorer.Data.Integrity;
using System.Globalization;

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

    /// <summary>The cell texts of one event before formula neutralization, in <see cref="Names"/> order.</summary>
    public static string[] RawCells(ExportedEvent row)
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
            e.OldValues ?? "", e.NewValues ?? "", e.Context,
            Convert.ToBase64String(row.Hash), Convert.ToBase64String(row.LeafHash),
        ];
    }
}
