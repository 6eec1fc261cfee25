using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Web.Timelines;

/// <summary>Recognizes the timeline pages' paths and the base filter each implies.</summary>
internal sealed record TimelineRoute(string Tenant, TimelineFilter BaseFilter)
{
    public static TimelineRoute? Match(PathString path)
    {
        var parts = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (parts.Length < 2 || parts[0] != "t") return null;
        return parts.Length switch
        {
            2 => new TimelineRoute(parts[1], new TimelineFilter()),
            3 when parts[2] == "events" => new TimelineRoute(parts[1], new TimelineFilter()),
            4 when parts[2] == "actors" => new TimelineRoute(parts[1], new TimelineFilter { ActorId = parts[3] }),
            5 when parts[2] == "records" => new TimelineRoute(parts[1], new TimelineFilter { EntityType = parts[3], EntityId = parts[4] }),
            _ => null,
        };
    }
}
