using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// A stream's filter: the timeline filter model in its address form (<see cref="TimelineAddress"/>, the query a
/// timeline's URL carries), so an admin can copy it from a timeline. Applied by the worker to each sealed event
/// with the same rules as the timeline queries; words inside values (<c>q</c>) are not offered for streams.
/// </summary>
public sealed class StreamFilter
{
    private StreamFilter(TimelineFilter filter, string text)
    {
        Filter = filter;
        Text = text;
    }

    /// <summary>The filter fields.</summary>
    public TimelineFilter Filter { get; }

    /// <summary>The normalized address form as stored, e.g. <c>?type=contract&amp;kind=update</c>; empty for every event.</summary>
    public string Text { get; }

    /// <summary>Reads a stored or typed filter; a leading '?' or a whole timeline URL are accepted.</summary>
    /// <exception cref="StreamRejectedException">The filter names something the log cannot hold, or asks for what streams do not offer.</exception>
    public static StreamFilter Parse(string? text)
    {
        var query = (text ?? "").Trim();
        if (query.IndexOf('?') is var mark and >= 0) query = query[(mark + 1)..];
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = Unescape(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Unescape(part[(eq + 1)..]);
            if (key is "q") throw new StreamRejectedException("Streams cannot filter by words inside values (q); remove it from the filter.");
            if (key is not ("action" or "type" or "id" or "kind" or "actor" or "from" or "to" or "access" or "order" or "size" or "cursor"))
                throw new StreamRejectedException($"\"{key}\" is not a filter a stream understands (use action, type, id, kind, actor, from, to, access).");
            values[key] = value;
        }
        var address = TimelineAddress.Parse(values, new TimelineFilter());
        var problems = address.Rejections.Concat(address.Problems.Where(p => !p.StartsWith("Page size", StringComparison.Ordinal))).ToList();
        if (problems.Count > 0) throw new StreamRejectedException(string.Join(" ", problems));
        var filter = address.Filter with { OldestFirst = false };
        var normalized = new TimelineAddress(filter, null, TimelineAddress.DefaultPageSize, []).ToQuery(new TimelineFilter());
        return new StreamFilter(filter, normalized);
    }

    /// <summary>True when the event belongs to the stream (the timeline rules: access events only when asked for).</summary>
    public bool Matches(AuditEvent e)
    {
        var f = Filter;
        if (!string.IsNullOrEmpty(f.EntityType) && e.EntityType != f.EntityType) return false;
        if (!string.IsNullOrEmpty(f.EntityId) && e.EntityId != f.EntityId) return false;
        if (!string.IsNullOrEmpty(f.ActorId) && e.ActorId != f.ActorId) return false;
        if (!string.IsNullOrEmpty(f.Action) && e.Action != f.Action) return false;
        if (!string.IsNullOrEmpty(f.ChangeKind)) { if (e.ChangeKind != f.ChangeKind) return false; }
        else if (!f.IncludeAccessEvents && e.ChangeKind == ChangeKinds.Access) return false;
        if (f.From is { } from && e.OccurredAt < from) return false;
        if (f.To is { } to && e.OccurredAt >= to) return false;
        return true;
    }

    private static string Unescape(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            throw new StreamRejectedException($"\"{s}\" is not a valid part of a filter address.");
        }
    }
}
