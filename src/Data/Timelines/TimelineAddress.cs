using System.Globalization;
using System.Text;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Timelines;

/// <summary>
/// A timeline view as a URL query (filter, order, page size, cursor), so a copied link opens the
/// same view and the back button works. Parsing never throws: unusable values are reported, either as
/// <see cref="Problems"/> (the value is ignored) or as <see cref="Rejections"/> (the address names something the
/// log cannot hold: nothing is read, and a first request answers 400).
/// </summary>
public sealed record TimelineAddress(TimelineFilter Filter, string? Cursor, int PageSize, IReadOnlyList<string> Problems)
{
    /// <summary>Why this address cannot be read at all; empty when it can.</summary>
    public IReadOnlyList<string> Rejections { get; init; } = [];

    public const int DefaultPageSize = 50;

    public static TimelineAddress Parse(IReadOnlyDictionary<string, string?> query, TimelineFilter baseFilter)
    {
        var problems = new List<string>();
        string? Get(string k) => query.TryGetValue(k, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        DateTimeOffset? Time(string k)
        {
            var v = Get(k);
            if (v is null) return null;
            if (DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
            problems.Add($"\"{v}\" is not a date and time; use a form like 2026-03-01T00:00Z. The {k} filter was ignored.");
            return null;
        }
        var size = DefaultPageSize;
        if (Get("size") is { } s && (!int.TryParse(s, out size) || !TimelineQuery.PageSizes.Contains(size)))
        {
            problems.Add($"Page size \"{s}\" is not one of {string.Join(", ", TimelineQuery.PageSizes)}; showing {DefaultPageSize}.");
            size = DefaultPageSize;
        }
        var kind = Get("kind");
        if (kind is not null && !ChangeKinds.All.Contains(kind))
        {
            problems.Add($"\"{kind}\" is not a change kind (create, update, delete, access, other); that filter was ignored.");
            kind = null;
        }
        var filter = baseFilter with
        {
            Action = Get("action") ?? baseFilter.Action,
            EntityType = baseFilter.EntityType ?? Get("type"),
            EntityId = baseFilter.EntityId ?? (Get("type") is null ? null : Get("id")),
            ChangeKind = baseFilter.ChangeKind ?? kind,
            ActorId = baseFilter.ActorId ?? Get("actor"),
            From = Time("from") ?? baseFilter.From,
            To = Time("to") ?? baseFilter.To,
            Text = Get("q") ?? baseFilter.Text,
            OldestFirst = Get("order") == "oldest",
            IncludeAccessEvents = Get("access") == "1" || baseFilter.IncludeAccessEvents,
        };
        if (filter.From is { } f && filter.To is { } t2 && f >= t2)
            problems.Add("The start of the time range must be before its end.");
        return new TimelineAddress(filter, Get("cursor"), size, problems) { Rejections = Reject(filter) };
    }

    private static List<string> Reject(TimelineFilter filter)
    {
        var rejections = new List<string>();
        void Check(string? problem)
        {
            if (problem is not null) rejections.Add(problem);
        }
        if (filter.EntityType is { } type) Check(AuditFieldRules.EntityTypeProblem(type));
        if (filter.EntityId is { } id) Check(AuditFieldRules.IdProblem(id, "record id"));
        if (filter.ActorId is { } actor) Check(AuditFieldRules.IdProblem(actor, "actor id"));
        if (filter.Action is { } action) Check(AuditFieldRules.ActionProblem(action));
        return rejections;
    }

    /// <summary>The query string (with leading '?', or empty) for this view; base filter fields come from the path.</summary>
    public string ToQuery(TimelineFilter baseFilter)
    {
        var parts = new List<(string, string?)>
        {
            ("action", Filter.Action == baseFilter.Action ? null : Filter.Action),
            ("type", baseFilter.EntityType is null ? Filter.EntityType : null),
            ("id", baseFilter.EntityId is null ? Filter.EntityId : null),
            ("kind", Filter.ChangeKind == baseFilter.ChangeKind ? null : Filter.ChangeKind),
            ("actor", baseFilter.ActorId is null ? Filter.ActorId : null),
            ("from", Filter.From == baseFilter.From ? null : Filter.From?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            ("to", Filter.To == baseFilter.To ? null : Filter.To?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            ("q", Filter.Text == baseFilter.Text ? null : Filter.Text),
            ("order", Filter.OldestFirst ? "oldest" : null),
            ("access", Filter.IncludeAccessEvents && !baseFilter.IncludeAccessEvents ? "1" : null),
            ("size", PageSize == DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture)),
            ("cursor", Cursor),
        };
        var sb = new StringBuilder();
        foreach (var (k, v) in parts)
        {
            if (string.IsNullOrEmpty(v)) continue;
            sb.Append(sb.Length == 0 ? '?' : '&').Append(k).Append('=').Append(Uri.EscapeDataString(v));
        }
        return sb.ToString();
    }
}
