using System.Text.Json;

namespace AuditExplorer.Data.Streams.Nats;

/// <summary>
/// Where a NATS JetStream stream publishes: a server URL, a subject template (<c>{tenant}</c> is replaced by the
/// event's tenant), the JetStream stream that must capture the subject, and optionally the NAMES of secrets in the
/// host's configuration (never the secrets themselves: anyone who may list streams sees the settings).
/// </summary>
/// <param name="Url">For example <c>nats://nats.internal:4222</c> or <c>tls://...</c>.</param>
/// <param name="Subject">Subject template, for example <c>audit.{tenant}</c>.</param>
/// <param name="Stream">The JetStream stream the publish must land in (checked by the server).</param>
/// <param name="TokenSecret">Name of a configured secret holding a NATS auth token.</param>
/// <param name="CredsSecret">Name of a configured secret holding a NATS .creds file's content (JWT and NKey seed).</param>
/// <param name="AckTimeout">How long a batch may wait for its PubAcks before it counts as not delivered.</param>
public sealed record NatsSettings(string Url, string Subject, string Stream, string? TokenSecret, string? CredsSecret, TimeSpan AckTimeout)
{
    /// <summary>The one placeholder of a subject template.</summary>
    public const string TenantPlaceholder = "{tenant}";

    static readonly HashSet<string> Known = ["url", "subject", "stream", "token_secret", "creds_secret", "ack_timeout_seconds"];

    /// <summary>Reads settings; returns null and a message an audit admin can act on when they are not usable.</summary>
    public static NatsSettings? Parse(JsonElement json, out string? error)
    {
        error = Read(json, out var settings);
        return error is null ? settings : null;
    }

    /// <summary>The subject for one tenant's events, or null when the tenant id cannot be a subject token.</summary>
    public string? SubjectFor(string tenant) =>
        IsToken(tenant) ? Subject.Replace(TenantPlaceholder, tenant, StringComparison.Ordinal) : null;

    static string? Read(JsonElement json, out NatsSettings? settings)
    {
        settings = null;
        if (json.ValueKind != JsonValueKind.Object)
            return "nats settings must be a JSON object with \"url\", \"subject\" and \"stream\".";
        foreach (var p in json.EnumerateObject())
            if (!Known.Contains(p.Name))
                return $"nats: unknown setting \"{p.Name}\"; known are {string.Join(", ", Known.Order())}.";

        var url = String(json, "url");
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls") || string.IsNullOrEmpty(uri.Host))
            return "nats: \"url\" is required, as nats://host:port or tls://host:port.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "nats: put no user or password in \"url\" (everyone who lists streams sees it); name a configured secret in token_secret or creds_secret.";

        var subject = String(json, "subject");
        if (subject is null || !IsSubject(subject.Replace(TenantPlaceholder, "t", StringComparison.Ordinal)))
            return "nats: \"subject\" is required: dot-separated tokens without spaces or wildcards (* >), {tenant} allowed, for example audit.{tenant}.";

        var stream = String(json, "stream");
        if (stream is null || stream.AsSpan().IndexOfAny(" \t\r\n.*>/\\") >= 0)
            return "nats: \"stream\" is required: the JetStream stream's name (no spaces, dots, *, >, / or \\).";

        var token = String(json, "token_secret");
        var creds = String(json, "creds_secret");
        if (json.TryGetProperty("token_secret", out _) && token is null || json.TryGetProperty("creds_secret", out _) && creds is null)
            return "nats: \"token_secret\" and \"creds_secret\" name a secret in the server's configuration (Streams:Secrets:NAME).";
        if (token is not null && creds is not null)
            return "nats: set token_secret or creds_secret, not both.";

        var timeout = 10;
        if (json.TryGetProperty("ack_timeout_seconds", out var t) && t.ValueKind != JsonValueKind.Null
            && !(t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out timeout) && timeout is >= 1 and <= 300))
            return "nats: \"ack_timeout_seconds\" must be a whole number from 1 to 300.";

        settings = new NatsSettings(url, subject, stream, token, creds, TimeSpan.FromSeconds(timeout));
        return null;
    }

    static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.GetString()) ? p.GetString()!.Trim() : null;

    static bool IsSubject(string subject) => subject.Split('.').All(IsToken);

    /// <summary>A subject token: non-empty, no whitespace, no wildcard, no dot.</summary>
    static bool IsToken(string token) => token.Length > 0 && token.AsSpan().IndexOfAny(" \t\r\n.*>") < 0;
}
