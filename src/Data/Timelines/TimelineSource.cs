using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Timelines;

/// <summary>The events a filter selects, before ordering and paging.</summary>
public static class TimelineSource
{
    public static IQueryable<AuditEvent> Filtered(AuditDbContext db, string tenantId, TimelineFilter filter)
    {
        var q = db.Events.Where(e => e.TenantId == tenantId);
        if (!string.IsNullOrEmpty(filter.EntityType)) q = q.Where(e => e.EntityType == filter.EntityType);
        if (!string.IsNullOrEmpty(filter.EntityId)) q = q.Where(e => e.EntityId == filter.EntityId);
        if (!string.IsNullOrEmpty(filter.ActorId)) q = q.Where(e => e.ActorId == filter.ActorId);
        if (!string.IsNullOrEmpty(filter.Action)) q = q.Where(e => e.Action == filter.Action);
        if (!string.IsNullOrEmpty(filter.ChangeKind)) q = q.Where(e => e.ChangeKind == filter.ChangeKind);
        else if (!filter.IncludeAccessEvents) q = q.Where(e => e.ChangeKind != "access");
        if (filter.From is { } from) q = q.Where(e => e.OccurredAt >= from);
        if (filter.To is { } to) q = q.Where(e => e.OccurredAt < to);
        return q;
    }
}
