using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace AuditExplorer.Data.Writing;

/// <summary>
/// The argument of audit.append_events: drafts as one JSON array, member names as the SQL
/// contract spells them. Values and context are embedded as the JSON text the caller gave, after
/// System.Text.Json checked that each is one well-formed JSON value (the database then checks
/// that it is an object).
/// </summary>
internal static class AuditEventBatchJson
{
    public static byte[] Write(IReadOnlyList<AuditEventDraft> drafts)
    {
        var buffer = new ArrayBufferWriter<byte>(drafts.Count * 512 + 16);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            for (var i = 0; i < drafts.Count; i++)
            {
                var d = drafts[i] ?? throw new ArgumentException($"draft {i} of the batch is null", nameof(drafts));
                w.WriteStartObject();
                w.WriteString("tenant_id", d.TenantId);
                w.WriteString("actor_id", d.ActorId);
                w.WriteString("actor_kind", d.ActorKind);
                w.WriteString("action", d.Action);
                w.WriteString("change_kind", d.ChangeKind);
                w.WriteString("entity_type", d.EntityType);
                w.WriteString("entity_id", d.EntityId);
                WriteDocument(w, "old_values", d.OldValues, i);
                WriteDocument(w, "new_values", d.NewValues, i);
                WriteDocument(w, "context", d.Context, i);
                if (d.OccurredAt is { } at)
                    w.WriteString("occurred_at", at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                // The writer makes the UUIDv7 the database would otherwise make for every element (about 4 us each).
                w.WriteString("id", d.Id ?? Guid.CreateVersion7());
                w.WriteNumber("schema_version", d.SchemaVersion);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDocument(Utf8JsonWriter w, string name, string? json, int index)
    {
        if (json is null) return;
        w.WritePropertyName(name);
        try
        {
            w.WriteRawValue(json);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new AuditWriteException("AE003", $"event {index} of the batch: {name} is not well-formed JSON ({ex.Message})");
        }
    }
}
