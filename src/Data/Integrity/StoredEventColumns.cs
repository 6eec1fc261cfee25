using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>The event columns hashing needs, in one fixed order, and how to read them back (jsonb as text).</summary>
internal static class StoredEventColumns
{
    public const int Count = 12;

    /// <summary>Select list for an events alias <c>e</c>.</summary>
    public const string SelectList =
        "e.id, e.occurred_at, e.recorded_at, e.actor_id, e.actor_kind, e.action, e.change_kind, " +
        "e.entity_type, e.entity_id, e.old_values::text, e.new_values::text, e.context::text, e.schema_version";

    /// <summary>Reads the event whose columns start at <paramref name="first"/>; null when the row was missing (outer join).</summary>
    public static AuditEvent? Read(NpgsqlDataReader reader, int first, string tenantId)
    {
        if (reader.IsDBNull(first)) return null;
        return new AuditEvent
        {
            TenantId = tenantId,
            Id = reader.GetGuid(first),
            OccurredAt = reader.GetFieldValue<DateTimeOffset>(first + 1),
            RecordedAt = reader.GetFieldValue<DateTimeOffset>(first + 2),
            ActorId = reader.GetString(first + 3),
            ActorKind = reader.GetString(first + 4),
            Action = reader.GetString(first + 5),
            ChangeKind = reader.GetString(first + 6),
            EntityType = reader.GetString(first + 7),
            EntityId = reader.GetString(first + 8),
            OldValues = reader.IsDBNull(first + 9) ? null : reader.GetString(first + 9),
            NewValues = reader.IsDBNull(first + 10) ? null : reader.GetString(first + 10),
            Context = reader.GetString(first + 11),
            SchemaVersion = reader.GetInt32(first + 12),
        };
    }
}
