using System.Globalization;
using System.Text.Json;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Data.Export.Jobs;

/// <summary>
/// The filter of an export job as JSON, in the form the export's access event records it
/// (context.filter): the same keys, bounds cut to microseconds, and include_access_events true for a
/// time-range export (which covers access events too). Parsing gives back a filter that exports the same events.
/// </summary>
public static class ExportJobFilter
{
    public static string Serialize(TimelineFilter filter)
    {
        var range = ExportSelection.IsCompleteRange(filter);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["entity_type"] = Empty(filter.EntityType), ["entity_id"] = Empty(filter.EntityId), ["actor_id"] = Empty(filter.ActorId),
            ["action"] = Empty(filter.Action), ["change_kind"] = Empty(filter.ChangeKind), ["subject_id"] = Empty(filter.SubjectId),
            ["from"] = Microseconds(filter.From)?.ToString("O", CultureInfo.InvariantCulture),
            ["to"] = Microseconds(filter.To)?.ToString("O", CultureInfo.InvariantCulture),
            ["include_access_events"] = range || filter.IncludeAccessEvents,
        }.Where(p => p.Value is not null).ToDictionary());
    }

    public static TimelineFilter Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        DateTimeOffset? Time(string name) => Text(name) is { } t
            ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime()
            : null;
        return new TimelineFilter
        {
            EntityType = Text("entity_type"), EntityId = Text("entity_id"), ActorId = Text("actor_id"),
            Action = Text("action"), ChangeKind = Text("change_kind"), SubjectId = Text("subject_id"), From = Time("from"), To = Time("to"),
            IncludeAccessEvents = root.TryGetProperty("include_access_events", out var a) && a.ValueKind == JsonValueKind.True,
        };
    }

    /// <summary>Describes the filter for the export history, e.g. "contract/42, from 2026-03-01 00:00Z".</summary>
    public static string Describe(TimelineFilter filter)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(filter.EntityType)) parts.Add($"{filter.EntityType}/{filter.EntityId}");
        if (!string.IsNullOrEmpty(filter.ActorId)) parts.Add($"actor {filter.ActorId}");
        if (!string.IsNullOrEmpty(filter.Action)) parts.Add($"action {filter.Action}");
        if (!string.IsNullOrEmpty(filter.ChangeKind)) parts.Add($"change {filter.ChangeKind}");
        if (!string.IsNullOrEmpty(filter.SubjectId)) parts.Add($"subject {filter.SubjectId}");
        if (filter.From is { } f) parts.Add($"from {f.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z");
        if (filter.To is { } t) parts.Add($"to {t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z");
        return parts.Count == 0 ? "whole log" : string.Join(", ", parts);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DateTimeOffset? Microseconds(DateTimeOffset? value) =>
        value is { } v ? new DateTimeOffset(v.UtcTicks - v.UtcTicks % 10, TimeSpan.Zero) : null;
}
