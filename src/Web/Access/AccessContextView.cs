using System.Text.Json;

namespace AuditExplorer.Web.Access;

/// <summary>The parts of an access event's context the access log shows: purpose, break-glass flag, filter.</summary>
public sealed record AccessContextView(string? Reason, bool BreakGlass, string? Filter, string? Rows)
{
    public static AccessContextView Parse(string? contextJson)
    {
        if (string.IsNullOrEmpty(contextJson)) return new(null, false, null, null);
        try
        {
            using var doc = JsonDocument.Parse(contextJson);
            var root = doc.RootElement;
            string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var access = root.TryGetProperty("access", out var a) ? a : default;
            return new(Text(root, "reason"),
                root.TryGetProperty("break_glass", out var bg) && bg.ValueKind == JsonValueKind.True,
                access.ValueKind == JsonValueKind.Object ? Text(access, "filter") ?? Text(access, "view") : null,
                access.ValueKind == JsonValueKind.Object ? Text(access, "rows") : null);
        }
        catch (JsonException)
        {
            return new(null, false, null, null);
        }
    }
}
