using System.Text.Json.Nodes;

namespace AuditExplorer.Web.Streams;

/// <summary>Between a stream's stored settings and the form's fields (<see cref="StreamSettingsFields"/>).</summary>
public static class StreamSettingsText
{
    /// <summary>The kind whose form shows a URL field instead of the JSON box.</summary>
    public const string WebhookKind = "webhook";

    /// <summary>The fields prefilled from stored settings (which never hold a secret: see IStreamDestinationFactory).</summary>
    public static (string? Url, string? Json) Prefill(string kind, string stored)
    {
        if (kind != WebhookKind) return (null, stored);
        var url = JsonNode.Parse(stored) is JsonObject o && o["url"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return (url, null);
    }

    /// <summary>
    /// The settings JSON the fields say. A webhook's URL replaces only the URL of <paramref name="stored"/> (null on
    /// create), so settings the form does not show (timeout_seconds, attempts) are kept.
    /// </summary>
    public static string Compose(string kind, string? url, string? json, string? stored)
    {
        if (kind != WebhookKind) return json ?? "{}";
        var settings = (stored is null ? null : JsonNode.Parse(stored) as JsonObject) ?? [];
        settings["url"] = url?.Trim();
        return settings.ToJsonString();
    }
}
