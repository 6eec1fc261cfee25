using AuditExplorer.Data.Access;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Web.Timelines;

/// <summary>How a timeline read is described in its access event: what was looked at, and with which filter.</summary>
internal static class TimelineAccess
{
    public static AccessRecord Describe(string tenant, TimelineAddress address, TimelinePage page)
    {
        // A search for a stored personal value is recorded by its blind index, never by the value itself.
        if (page.PersonalValueSearched is { } blind)
            address = address with { Filter = address.Filter with { Text = "personal value, blind index " + blind } };
        var f = address.Filter;
        var (entityType, entityId) = f.Kind switch
        {
            TimelineKind.Record => (f.EntityType!, f.EntityId!),
            TimelineKind.Actor => ("actor", f.ActorId!),
            _ => ("tenant", tenant),
        };
        var details = new Dictionary<string, string?>
        {
            ["timeline"] = f.Kind.ToString().ToLowerInvariant(),
            ["filter"] = address.ToQuery(new TimelineFilter()),
            ["cursor"] = address.Cursor,
            ["rows"] = page.Rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new AccessRecord(string.IsNullOrEmpty(f.Text) ? "audit_log.view" : "audit_log.search", entityType, entityId, details);
    }
}
