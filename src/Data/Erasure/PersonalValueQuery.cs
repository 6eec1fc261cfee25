using AuditExplorer.Data.AsOf;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Data.Erasure;

/// <summary>Reads the personal values behind events' commitments; runs inside a tenant scope (row-level security).</summary>
public static class PersonalValueQuery
{
    /// <summary>The values of the given events; an erased subject's values are simply absent.</summary>
    public static async Task<RevealedValues> ForEventsAsync(AuditDbContext db, string tenantId, IReadOnlyCollection<Guid> eventIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (eventIds.Count == 0) return RevealedValues.None;
        var ids = eventIds.ToArray();
        var rows = await db.Database.SqlQuery<PersonalValueRow>($"""
            select encode(commitment, 'hex') as "Commitment", value_text as "ValueText"
            from audit.all_personal_values where tenant_id = {tenantId} and event_id = any({ids})
            """).ToListAsync(ct);
        return new RevealedValues(rows.ToDictionary(r => r.Commitment, r => r.ValueText, StringComparer.Ordinal));
    }

    /// <summary>The values of a record's history, read only when some event holds a commitment.</summary>
    public static Task<RevealedValues> ForHistoryAsync(AuditDbContext db, string tenantId, IEnumerable<RecordChange> history, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ids = history.Where(c => PersonalCommitment.MayContain(c.OldValues) || PersonalCommitment.MayContain(c.NewValues))
            .Select(c => c.EventId).ToList();
        return ForEventsAsync(db, tenantId, ids, ct);
    }
}
