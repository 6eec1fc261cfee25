using AuditExplorer.Data.AsOf;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Data.Timelines;

/// <summary>A record's changes up to a moment, oldest first, for rebuilding its state as of then.</summary>
public static class RecordHistoryQuery
{
    /// <summary>Records with more changes than this are rebuilt from their latest changes only, and say so.</summary>
    public const int MaxChanges = 5000;

    public static async Task<IReadOnlyList<RecordChange>> ReadAsync(AuditDbContext db, string tenantId, string entityType, string entityId,
        DateTimeOffset asOf, CancellationToken ct)
    {
        var latestFirst = await db.Events.AsNoTracking()
            .Where(e => e.TenantId == tenantId && e.EntityType == entityType && e.EntityId == entityId
                        && e.OccurredAt <= asOf && e.ChangeKind != "access")
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(MaxChanges)
            .Select(e => new RecordChange(e.Id, e.OccurredAt, e.ChangeKind, e.OldValues, e.NewValues))
            .ToListAsync(ct);
        latestFirst.Reverse();
        return latestFirst;
    }
}
