using System.Net;
using System.Text.Json;

namespace AuditExplorer.Data.Streams.Webhook;

/// <summary>
/// A webhook stream's settings: <c>{"url": "https://siem.example/hook", "timeout_seconds": 10, "attempts": 3}</c>.
/// HTTPS only, except plain HTTP to a loopback address (for tests and local relays). No credentials in the URL:
/// settings are listed on the Streams page; the receiver authenticates the product by the signature instead.
/// </summary>
public sealed record WebhookSettings(Uri Url, TimeSpan Timeout, int Attempts)
{
    /// <summary>The settings, or the problem an audit admin must fix.</summary>
    public static (WebhookSettings? Settings, string? Problem) Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) return (null, "The webhook settings must be a JSON object with a \"url\".");
        foreach (var p in json.EnumerateObject())
            if (p.Name is not ("url" or "timeout_seconds" or "attempts"))
                return (null, $"\"{p.Name}\" is not a webhook setting (url, timeout_seconds, attempts).");
        if (!json.TryGetProperty("url", out var u) || u.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(u.GetString(), UriKind.Absolute, out var url))
            return (null, "Give the webhook an absolute \"url\", e.g. https://siem.example/hooks/audit.");
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && IsLoopback(url)))
            return (null, $"The webhook URL must use https (plain http only to a loopback address); {url.Scheme}://{url.Host} is refused.");
        if (url.UserInfo.Length > 0) return (null, "The webhook URL must not hold a user name or password; the receiver checks the signature instead.");
        var timeout = 10;
        if (json.TryGetProperty("timeout_seconds", out var t) && !(t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out timeout) && timeout is >= 1 and <= 120))
            return (null, "\"timeout_seconds\" must be a whole number from 1 to 120.");
        var attempts = 3;
        if (json.TryGetProperty("attempts", out var a) && !(a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out attempts) && attempts is >= 1 and <= 10))
            return (null, "\"attempts\" must be a whole number from 1 to 10.");
        return (new WebhookSettings(url, TimeSpan.FromSeconds(timeout), attempts), null);
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
