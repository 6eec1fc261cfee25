using System.Text.Json;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Web.SignIn;

namespace AuditExplorer.Web.Events;

/// <summary>
/// An event prepared for one viewer: personal data (other people's names, the tenant's personal
/// JSON paths, network details) is removed here, on the server, before anything is rendered.
/// </summary>
public sealed record EventView(EventDetail Detail, RedactionPolicy Policy, string ActorLabel, IReadOnlyList<(string Key, string Value)> Context)
{
    public const string Redacted = "redacted";
    private static readonly string[] PersonalContextKeys = ["ip", "user_agent", "session_id"];

    public static EventView For(EventDetail detail, RedactionPolicy policy, ExplorerUser viewer)
    {
        var isSelf = detail.Event.ActorId == viewer.SubjectId;
        var actorLabel = policy.IsRedacting && !isSelf
            ? Redacted
            : detail.Actor?.DisplayName ?? detail.Event.ActorId;
        return new EventView(detail, policy, actorLabel, ContextRows(detail.Event.Context, policy.IsRedacting && !isSelf));
    }

    private static List<(string, string)> ContextRows(string json, bool redact)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject()
            .Select(p => (p.Name, redact && PersonalContextKeys.Contains(p.Name) ? Redacted
                : p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText()))
            .ToList();
    }
}
