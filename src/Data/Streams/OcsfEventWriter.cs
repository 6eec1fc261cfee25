using System.Text.Json;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// An event as OCSF 1.3: access events as API Activity (class 6003, activity Read), changes as Entity Management
/// (class 3004, Create / Update / Delete, Other for change kind other). Only attributes whose meaning matches
/// exactly are mapped; everything that lets a receiver verify the event (tenant, seq, hashes) and the rest of the
/// stored fields go under <c>unmapped.auditexplorer</c>. The mapping is documented in docs/streams.md.
/// </summary>
public static class OcsfEventWriter
{
    /// <summary>The OCSF schema version the events claim.</summary>
    public const string SchemaVersion = "1.3.0";

    /// <summary>Writes one event (already redacted for the stream) as a JSON object.</summary>
    public static void Write(Utf8JsonWriter w, ExportedEvent row, bool redacted)
    {
        var e = row.Event;
        var access = e.ChangeKind == ChangeKinds.Access;
        var (classUid, className, categoryUid, categoryName) = access
            ? (6003, "API Activity", 6, "Application Activity")
            : (3004, "Entity Management", 3, "Identity & Access Management");
        var (activityId, activityName) = access ? (2, "Read") : e.ChangeKind switch
        {
            "create" => (1, "Create"),
            "update" => (3, "Update"),
            "delete" => (4, "Delete"),
            _ => (99, "Other"),
        };
        using var context = JsonDocument.Parse(e.Context);
        var ctx = context.RootElement;

        w.WriteStartObject();
        w.WriteNumber("class_uid", classUid);
        w.WriteString("class_name", className);
        w.WriteNumber("category_uid", categoryUid);
        w.WriteString("category_name", categoryName);
        w.WriteNumber("activity_id", activityId);
        w.WriteString("activity_name", activityName);
        w.WriteNumber("type_uid", classUid * 100 + activityId);
        w.WriteNumber("time", e.OccurredAt.ToUnixTimeMilliseconds());
        w.WriteNumber("severity_id", 1);
        w.WriteString("severity", "Informational");
        w.WriteNumber("status_id", 1);
        w.WriteString("status", "Success");

        w.WriteStartObject("metadata");
        w.WriteString("version", SchemaVersion);
        w.WriteStartObject("product");
        w.WriteString("name", "AuditExplorer");
        w.WriteString("vendor_name", "AuditExplorer");
        w.WriteEndObject();
        w.WriteString("uid", e.Id.ToString("D"));
        w.WriteNumber("logged_time", e.RecordedAt.ToUnixTimeMilliseconds());
        if (Text(ctx, "correlation_id") is { } correlation) w.WriteString("correlation_uid", correlation);
        w.WriteEndObject();

        w.WriteStartObject("actor");
        w.WriteStartObject("user");
        w.WriteString("uid", e.ActorId);
        w.WriteEndObject();
        w.WriteEndObject();

        if (access)
        {
            w.WriteStartObject("api");
            w.WriteString("operation", e.Action);
            if (Text(ctx, "request_id") is { } request)
            {
                w.WriteStartObject("request");
                w.WriteString("uid", request);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("src_endpoint");
            if (Text(ctx, "ip") is { } ip && System.Net.IPAddress.TryParse(ip, out _)) w.WriteString("ip", ip);
            w.WriteEndObject();
            w.WriteStartArray("resources");
            w.WriteStartObject();
            w.WriteString("uid", e.EntityId);
            w.WriteString("type", e.EntityType);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        else
        {
            WriteEntity(w, "entity", e, e.OldValues);
            WriteEntity(w, "entity_result", e, e.NewValues);
        }

        w.WriteStartObject("unmapped");
        w.WriteStartObject("auditexplorer");
        w.WriteString("tenant_id", e.TenantId);
        w.WriteNumber("seq", row.Seq);
        w.WriteBase64String("hash", row.Hash);
        w.WriteBase64String("prev_hash", row.PrevHash);
        w.WriteBase64String("leaf_hash", row.LeafHash);
        w.WriteString("action", e.Action);
        w.WriteString("change_kind", e.ChangeKind);
        w.WriteString("actor_kind", e.ActorKind);
        w.WritePropertyName("context");
        ctx.WriteTo(w);
        w.WriteBoolean("redacted", redacted);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteEntity(Utf8JsonWriter w, string name, AuditEvent e, string? values)
    {
        w.WriteStartObject(name);
        w.WriteString("uid", e.EntityId);
        w.WriteString("type", e.EntityType);
        if (values is not null)
        {
            w.WritePropertyName("data");
            w.WriteRawValue(values, skipInputValidation: false);
        }
        w.WriteEndObject();
    }

    private static string? Text(JsonElement ctx, string name) =>
        ctx.ValueKind == JsonValueKind.Object && ctx.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
