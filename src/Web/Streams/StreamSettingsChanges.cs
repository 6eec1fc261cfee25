using System.Text.Json.Nodes;

namespace AuditExplorer.Web.Streams;

/// <summary>What an edit changed, setting by setting, for the edit form's confirmation.</summary>
public static class StreamSettingsChanges
{
    /// <summary>The top-level settings whose values differ between two JSON objects, in the order of the new settings.</summary>
    public static IReadOnlyList<StreamSettingChange> Between(string before, string after)
    {
        var old = JsonNode.Parse(before) as JsonObject ?? [];
        var now = JsonNode.Parse(after) as JsonObject ?? [];
        var names = now.Select(p => p.Key).Concat(old.Select(p => p.Key)).Distinct(StringComparer.Ordinal);
        return [.. names
            .Where(n => !JsonNode.DeepEquals(old[n], now[n]) || old.ContainsKey(n) != now.ContainsKey(n))
            .Select(n => new StreamSettingChange(n, Text(old, n), Text(now, n)))];
    }

    // Strings without their quotes (a URL reads as a URL); anything else as JSON.
    private static string? Text(JsonObject o, string name) =>
        !o.TryGetPropertyValue(name, out var v) ? null
        : v is JsonValue s && s.TryGetValue<string>(out var text) ? text
        : v?.ToJsonString() ?? "null";
}
