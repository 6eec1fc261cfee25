using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Data.Timelines;

/// <summary>
/// Reads one page of a timeline with keyset pagination: a page starts strictly after its
/// cursor's (occurred_at, id), so it costs the same at any depth and never uses OFFSET.
/// Must run inside a tenant scope (row-level security); the tenant check here is the app's own.
/// </summary>
public sealed class TimelineQuery(CursorCodec cursors)
{
    public const int MaxPageSize = 200;
    public static readonly int[] PageSizes = [25, 50, 100, 200];

    public async Task<TimelinePage> ReadAsync(AuditDbContext db, string tenantId, TimelineFilter filter,
        string? cursorToken, int pageSize, CancellationToken ct)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var cursor = string.IsNullOrEmpty(cursorToken) ? null : cursors.Decode(cursorToken, tenantId, filter);
        var backwards = cursor?.Direction == PageDirection.Previous;
        // Reading "previous" walks the opposite order from the cursor, then flips the page.
        var descending = !filter.OldestFirst ^ backwards;

        var newestPossible = DateTimeOffset.UtcNow + NewestPossibleMargin;
        var fetched = new List<TimelineFetch>(pageSize + 1);
        foreach (var window in TimelineWindow.For(filter, cursor, descending, newestPossible))
        {
            fetched.AddRange(await PageQuery(db, tenantId, filter, cursor, descending, pageSize + 1 - fetched.Count, newestPossible, window).ToListAsync(ct));
            if (fetched.Count > pageSize) break;
        }

        var more = fetched.Count > pageSize;
        if (more) fetched.RemoveAt(fetched.Count - 1);
        if (backwards) fetched.Reverse();

        var rows = fetched.Select(r => new TimelineRow(r.Id, r.OccurredAt, r.ActorId, r.ActorKind,
            r.ActorName, r.Action, r.ChangeKind, r.EntityType, r.EntityId, r.AccessContext)).ToList();

        // Going forward, a page exists behind us whenever we came from a cursor; going backward,
        // one exists ahead of us by construction (we came from it).
        var hasNext = backwards ? rows.Count > 0 : more;
        var hasPrevious = backwards ? more : cursor is not null && rows.Count > 0;
        string? Token(TimelineRow r, PageDirection d) => cursors.Encode(new TimelineCursor(r.OccurredAt, r.Id, d), tenantId, filter);
        return new TimelinePage(rows,
            hasNext ? Token(rows[^1], PageDirection.Next) : null,
            hasPrevious ? Token(rows[0], PageDirection.Previous) : null)
        {
            PersonalValueSearched = string.IsNullOrEmpty(filter.Text) ? null : await PersonalValueSearchedAsync(db, tenantId, filter.Text, ct),
        };
    }

    /// <summary>
    /// How far past the web server's clock a page still looks. The write contract refuses events more than 5
    /// minutes ahead of the database clock (AE007), so nothing the store holds lies beyond this; the day covers
    /// clocks that disagree. Partitions are made 12 months ahead, and a page without this bound plans and opens
    /// every empty future month (measured at 31 monthly partitions: planning 3.2 vs 1.4-1.8 ms, execution
    /// 1.7-2.1 vs 1.3-1.5 ms for a first page).
    /// </summary>
    internal static readonly TimeSpan NewestPossibleMargin = TimeSpan.FromDays(1);

    /// <summary>
    /// The query a page runs, once per <see cref="TimelineWindow"/> (pinned in TimelineSqlTests): the filter's events after
    /// the cursor, no later than <paramref name="newestPossible"/> and inside <paramref name="window"/> when there is one,
    /// in timeline order, <paramref name="take"/> rows of the columns a timeline row shows.
    /// </summary>
    internal static IQueryable<TimelineFetch> PageQuery(AuditDbContext db, string tenantId, TimelineFilter filter,
        TimelineCursor? cursor, bool descending, int take, DateTimeOffset newestPossible, TimelineWindow? window = null)
    {
        var (searchFrom, searchUntil) = TimelineWindow.Span(filter, cursor, descending, newestPossible, window);
        var query = TimelineSource.Filtered(db, tenantId, filter, searchFrom, searchUntil, descending).Where(e => e.OccurredAt <= newestPossible);
        if (window is { } w)
        {
            var edge = w.Edge;
            query = (descending, w.Near) switch
            {
                (true, true) => query.Where(e => e.OccurredAt >= edge),
                (true, false) => query.Where(e => e.OccurredAt < edge),
                (false, true) => query.Where(e => e.OccurredAt <= edge),
                (false, false) => query.Where(e => e.OccurredAt > edge),
            };
        }
        if (cursor is not null)
        {
            var (t, id) = (cursor.OccurredAt, cursor.Id);
            // The plain time bound repeats the row comparison so PostgreSQL can skip whole monthly
            // partitions on the far side of the cursor.
            query = descending
                ? query.Where(e => e.OccurredAt <= t && EF.Functions.LessThan(ValueTuple.Create(e.OccurredAt, e.Id), ValueTuple.Create(t, id)))
                : query.Where(e => e.OccurredAt >= t && EF.Functions.GreaterThan(ValueTuple.Create(e.OccurredAt, e.Id), ValueTuple.Create(t, id)));
        }
        query = descending
            ? query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            : query.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id);
        return query.Take(take)
            // The actor's name comes with the row, from its subject's primary key, instead of in a query of its own:
            // one round trip less per page. PostgreSQL runs it only for the rows the limit keeps.
            .Select(e => new TimelineFetch(e.Id, e.OccurredAt, e.ActorId,
                db.Subjects.Where(s => s.TenantId == e.TenantId && s.SubjectId == e.ActorId && s.ErasedAt == null).Select(s => s.DisplayName).FirstOrDefault(),
                e.ActorKind, e.Action, e.ChangeKind, e.EntityType, e.EntityId, e.ChangeKind == "access" ? e.Context : null))
            .AsNoTracking();
    }

    /// <summary>The blind index of the search text when it equals a stored personal value of the tenant, else null.</summary>
    public static async Task<string?> PersonalValueSearchedAsync(AuditDbContext db, string tenantId, string text, CancellationToken ct) =>
        (await db.Database.SqlQuery<string>($"""
            select encode(b.blind, 'hex') as "Value"
            from (select audit.personal_blind_index({tenantId}, to_jsonb({text}::text)::text) as blind) b
            where exists (select 1 from audit.personal_values pv where pv.tenant_id = {tenantId} and pv.blind = b.blind)
            """).ToListAsync(ct)).SingleOrDefault();
}
