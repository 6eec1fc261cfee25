using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Data.Timelines;

/// <summary>Reads one event by id, with its correlated events; runs inside a tenant scope.</summary>
public static class EventDetailQuery
{
    public const int MaxCorrelated = 50;

    public static async Task<EventDetail?> ReadAsync(AuditDbContext db, string tenantId, Guid id, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.TenantId == tenantId && x.Id == id, ct);
        if (e is null) return null;
        var actor = await db.Subjects.AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenantId && s.SubjectId == e.ActorId, ct);

        var (correlation, request) = CorrelationIds(e.Context);
        var correlated = correlation is null && request is null ? [] : await db.Events
            .FromSql($"""
                select * from audit.events
                where (context ? 'correlation_id' and context ->> 'correlation_id' = {correlation})
                   or (context ? 'request_id' and context ->> 'request_id' = {request})
                """)
            .Where(x => x.TenantId == tenantId && x.Id != id)
            .OrderBy(x => x.OccurredAt).ThenBy(x => x.Id)
            .Take(MaxCorrelated)
            .Select(x => new TimelineRow(x.Id, x.OccurredAt, x.ActorId, x.ActorKind, null, x.Action, x.ChangeKind, x.EntityType, x.EntityId))
            .AsNoTracking()
            .ToListAsync(ct);
        var personal = Redaction.PersonalCommitment.MayContain(e.OldValues) || Redaction.PersonalCommitment.MayContain(e.NewValues)
            ? await Erasure.PersonalValueQuery.ForEventsAsync(db, tenantId, [e.Id], ct)
            : Redaction.RevealedValues.None;
        return new EventDetail(e, actor?.ErasedAt is null ? actor : null, correlated) { Personal = personal };
    }

    private static (string? Correlation, string? Request) CorrelationIds(string contextJson)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(contextJson);
            string? Get(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
            return (Get("correlation_id"), Get("request_id"));
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, null);
        }
    }
}
