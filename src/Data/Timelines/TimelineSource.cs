using AuditExplorer.Data.Store;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Data.Timelines;

/// <summary>The events a filter selects, before ordering and paging.</summary>
public static class TimelineSource
{
    /// <summary>
    /// The filter's events. <paramref name="searchFrom"/> and <paramref name="searchUntil"/> (inclusive) bound the word
    /// and personal-value candidates a text filter collects: PostgreSQL does not carry a range on the events' time
    /// across the join, so without them every month's matches are gathered and sorted before the first page
    /// (measured at 1M events, "published" in a tenant of 340k: 30,736 candidates, ~100 ms). The caller's own time
    /// conditions still decide which events are in; the bounds only have to hold all of them.
    /// <paramref name="newestFirst"/> is the order the caller will read them in (see <see cref="CandidatesInOrder"/>).
    /// </summary>
    public static IQueryable<AuditEvent> Filtered(AuditDbContext db, string tenantId, TimelineFilter filter,
        DateTimeOffset? searchFrom = null, DateTimeOffset? searchUntil = null, bool newestFirst = true)
    {
        var q = string.IsNullOrEmpty(filter.Text)
            ? db.Events
            : db.Events.FromSql(TextMatches(tenantId, filter, searchFrom ?? SearchFloor, searchUntil ?? SearchCeiling, newestFirst));
        q = q.Where(e => e.TenantId == tenantId);
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

    /// <summary>
    /// Whether a text filter reads its candidates in the page's order and looks up their events one by one, so the
    /// page's limit stops the lookups: only when nothing but the text (and a time range) narrows the events, since
    /// then nearly every candidate is shown (access events have no words and no personal values). Measured at 10M
    /// events, "invited" in a tenant of 2.2M: 6,310 candidates in the near month; the semi-join looked up every one
    /// of them (36-37 ms), the ordered candidates 51 (10-11 ms). A filter on record, actor, action or kind keeps the
    /// semi-join: it may reject most candidates, and PostgreSQL can then start from that filter's index instead.
    /// </summary>
    internal static bool CandidatesInOrder(TimelineFilter filter) =>
        string.IsNullOrEmpty(filter.EntityType) && string.IsNullOrEmpty(filter.EntityId) && string.IsNullOrEmpty(filter.ActorId)
        && string.IsNullOrEmpty(filter.Action) && string.IsNullOrEmpty(filter.ChangeKind);

    // Word search in audit.event_words (GIN on tenant_id, words; 025_word_search_off_write_path.sql), which the sealer
    // fills as it seals: an unsealed event is not found by words, by design. Personal values are not in the stored
    // documents: an exact match finds them by their keyed blind index (audit.personal_values.blind,
    // 020_personal_data.sql), never by their text, and only once sealed too, so no search path shows an event before
    // its place in the chain. {0} tenant, {1} text, {2} and {3} the candidates' time bounds, all sent as parameters.
    private const string Candidates = """
        select w.occurred_at, w.id from audit.event_words w
        where w.tenant_id = {0} and w.words @@ plainto_tsquery('simple', {1})
          and w.occurred_at >= {2} and w.occurred_at <= {3}
        union all
        select pv.occurred_at, pv.event_id from audit.personal_values pv
        where pv.tenant_id = {0}
          and pv.blind = audit.personal_blind_index({0}, to_jsonb({1}::text)::text)
          and pv.occurred_at >= {2} and pv.occurred_at <= {3}
          and exists (select 1 from audit.seals s where s.tenant_id = pv.tenant_id and s.event_id = pv.event_id)
        """;

    private static FormattableString TextMatches(string tenantId, TimelineFilter filter, DateTimeOffset from, DateTimeOffset until, bool newestFirst)
    {
        // Ordered: the ORDER BY keeps PostgreSQL from flattening the candidates into the join, so the page's own ORDER
        // BY (on the candidates' time and id, which the query returns) is met by walking them in order and its LIMIT
        // ends the lookups; DISTINCT, since an event may match by a word and by a personal value. The lateral lookup
        // by primary key is never flattened either, so no plan (not even one made without statistics, as on a month's
        // new partitions) scans the events instead of looking them up. The direction is SQL text, not a parameter.
        // Otherwise one semi-join over both (not an OR of two subqueries) lets PostgreSQL choose: a rare word starts
        // from the GIN index and joins its few events, a common one walks the filter's index and checks each event
        // against the hits.
        var order = newestFirst ? "desc" : "asc";
        var sql = CandidatesInOrder(filter)
            ? $$"""
                select e.tenant_id, c.occurred_at, c.id, e.recorded_at, e.actor_id, e.actor_kind, e.action, e.change_kind,
                       e.entity_type, e.entity_id, e.old_values, e.new_values, e.context, e.schema_version
                from (
                    select distinct c.occurred_at, c.id from ({{Candidates}}) c
                    order by c.occurred_at {{order}}, c.id {{order}}
                ) c
                cross join lateral (
                    select * from audit.events e
                    where e.tenant_id = {0} and e.occurred_at = c.occurred_at and e.id = c.id
                    limit 1) e
                """
            : $$"""
                select * from audit.events e
                where e.tenant_id = {0} and (e.occurred_at, e.id) in ({{Candidates}})
                """;
        return FormattableStringFactory.Create(sql, tenantId, filter.Text!, from, until);
    }

    // Outside any month the store can hold (timestamptz spans 4713 BC to 294276 AD), so "no bound" is still a plain
    // parameter the planner compares partitions with; MinValue and MaxValue would be sent as -infinity and infinity.
    private static readonly DateTimeOffset SearchFloor = new(1, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SearchCeiling = new(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);
}
