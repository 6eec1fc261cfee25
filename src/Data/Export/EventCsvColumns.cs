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
