namespace AuditExplorer.Data.Timelines;

/// <summary>
/// One of the two reads a timeline page may take: the month of history next to where the page starts
/// (<see cref="Near"/>), then, only if that did not fill the page, everything beyond it. A page bounded on one side
/// only makes PostgreSQL plan every monthly partition on the other side, with all their indexes, although the newest
/// month usually fills it: measured at 19 past months, planning a first page took 1.1-1.2 ms and with a 31-day
/// bound 0.15-0.27 ms (execution 0.12 vs 0.04-0.06 ms). Every row of the near read comes before every row of the far
/// one in the page's order, so the two concatenated are the page a single read would give.
/// </summary>
/// <param name="Edge">The time the two reads meet: the near read keeps events at the edge itself.</param>
/// <param name="Near">True for the read between the page's start and <paramref name="Edge"/>.</param>
internal readonly record struct TimelineWindow(DateTimeOffset Edge, bool Near)
{
    /// <summary>Long enough to reach back over the previous calendar month, short enough to touch two monthly partitions.</summary>
    internal static readonly TimeSpan NearSpan = TimeSpan.FromDays(31);

    /// <summary>
    /// The reads of a page, in order: one unbounded read (null) when the page has no known start or its filter's time
    /// range already lies within the near span, else the near window and the far one. Word search takes both too: each
    /// read bounds the candidates it gathers from the word index by its own span (TimelineSource.Filtered), so a common
    /// word's first page gathers one month of matches instead of all of them (at 1M events, "published": 2,085 of
    /// 30,736; about 30 instead of 120-140 ms in EXPLAIN ANALYZE). A record's history reads once: a record has a few
    /// events spread over years, so its near month rarely fills a page and the second read would cost more than the
    /// planning it saves (measured at 1M events: a first page of a record with 40 events, 6.1 vs 7.4 ms p50).
    /// </summary>
    internal static IReadOnlyList<TimelineWindow?> For(TimelineFilter filter, TimelineCursor? cursor, bool descending, DateTimeOffset newestPossible)
    {
        if (!string.IsNullOrEmpty(filter.EntityId)) return [null];
        var (from, until) = Span(filter, cursor, descending, newestPossible, null);
        if (descending)
        {
            var edge = until - NearSpan;
            return from >= edge ? [null] : [new TimelineWindow(edge, true), new TimelineWindow(edge, false)];
        }
        if (from is not { } first) return [null];
        var far = first + NearSpan;
        return far >= until ? [null] : [new TimelineWindow(far, true), new TimelineWindow(far, false)];
    }

    /// <summary>
    /// The time span (inclusive) that holds every event of one read: the filter's range, the newest possible time, the
    /// cursor and the <paramref name="window"/>, whichever are tighter; without a window, the span of the whole page,
    /// which the windows are cut from. Word search bounds its candidates with it (TimelineSource.Filtered).
    /// </summary>
    internal static (DateTimeOffset? From, DateTimeOffset Until) Span(TimelineFilter filter, TimelineCursor? cursor,
        bool descending, DateTimeOffset newestPossible, TimelineWindow? window)
    {
        DateTimeOffset? from = filter.From;
        var until = filter.To is { } to && to < newestPossible ? to : newestPossible;
        void NotBefore(DateTimeOffset t) { if (from is null || t > from) from = t; }
        void NotAfter(DateTimeOffset t) { if (t < until) until = t; }
        if (cursor is not null)
        {
            if (descending) NotAfter(cursor.OccurredAt);
            else NotBefore(cursor.OccurredAt);
        }
        if (window is { } w)
        {
            if (descending == w.Near) NotBefore(w.Edge);
            else NotAfter(w.Edge);
        }
        return (from, until);
    }
}
