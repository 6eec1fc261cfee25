using System.Globalization;
using System.Text.Json;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Compares a bound package's manifest with the export's own sealed access event: tenant, access
/// event id, exporter, client, reason, package format and every filter member must be what the log recorded.
/// </summary>
internal static class ExportEventClaims
{
    public static void Compare(PackageManifest m, AuditEvent e, Action<string> report)
    {
        if (e.Id != m.AccessEventId) report($"is event {e.Id}, but the manifest names access event {m.AccessEventId}");
        if (e.Action != "audit_log.export" || e.ChangeKind != "access") report($"is a {e.Action} / {e.ChangeKind} event, not the audit_log.export access event");
        if (e.ActorId != m.Exporter.SubjectId || e.ActorKind != m.Exporter.Kind)
            report($"was recorded for exporter {e.ActorKind} {e.ActorId}, but the manifest names {m.Exporter.Kind} {m.Exporter.SubjectId}");
        var record = m.Filter.EntityType is not null && m.Filter.EntityId is not null;
        var (type, id) = record ? (m.Filter.EntityType!, m.Filter.EntityId!) : ("tenant", m.TenantId);
        if (e.EntityType != type || e.EntityId != id) report($"was recorded for {e.EntityType}/{e.EntityId}, but the manifest's filter means {type}/{id}");

        JsonElement context;
        try
        {
            using var doc = JsonDocument.Parse(e.Context);
            context = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            report($"has an unreadable context: {ex.Message}");
            return;
        }
        // The format is bound too: relabelling a package as another version cannot change which checks apply.
        if (context.TryGetProperty("package_format_version", out var version) && version.ValueKind == JsonValueKind.Number
            && (!version.TryGetInt32(out var recordedVersion) || recordedVersion != m.FormatVersion))
            report($"recorded package format version {version.GetRawText()}, but the manifest says {m.FormatVersion}");
        Same(report, "reason", Text(context, "reason"), m.Reason);
        Same(report, "client_app", Text(context, "client_app"), m.Exporter.ClientApp);
        if (!context.TryGetProperty("filter", out var filter) || filter.ValueKind != JsonValueKind.Object)
        {
            report("has no filter in its context");
            return;
        }
        var f = m.Filter;
        Same(report, "filter.entity_type", Text(filter, "entity_type"), f.EntityType);
        Same(report, "filter.entity_id", Text(filter, "entity_id"), f.EntityId);
        Same(report, "filter.actor_id", Text(filter, "actor_id"), f.ActorId);
        Same(report, "filter.action", Text(filter, "action"), f.Action);
        Same(report, "filter.change_kind", Text(filter, "change_kind"), f.ChangeKind);
        Same(report, "filter.subject_id", Text(filter, "subject_id"), f.SubjectId);
        Same(report, "filter.from", Time(filter, "from"), Format(f.From));
        Same(report, "filter.to", Time(filter, "to"), Format(f.To));
        var access = filter.TryGetProperty("include_access_events", out var a) && a.ValueKind == JsonValueKind.True;
        if (access != f.IncludeAccessEvents)
            report($"recorded include_access_events {access.ToString().ToLowerInvariant()}, but the manifest says {f.IncludeAccessEvents.ToString().ToLowerInvariant()}");
    }

    private static void Same(Action<string> report, string name, string? recorded, string? claimed)
    {
        if (recorded != claimed) report($"recorded {name} {Quote(recorded)}, but the manifest says {Quote(claimed)}");
    }

    private static string Quote(string? value) => value is null ? "(none)" : $"\"{value}\"";

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    /// <summary>Times are compared as instants, written the same way, so "+00:00" and "Z" spellings agree.</summary>
    private static string? Time(JsonElement parent, string name) =>
        Text(parent, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
            ? Format(t)
            : Text(parent, name);

    private static string? Format(DateTimeOffset? t) => t?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
