using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Unit.Timelines;

/// <summary>Which reads a page takes: the month next to its start, then the rest; one read where nothing is gained.</summary>
public sealed class TimelineWindowTests
{
    private static readonly DateTimeOffset Newest = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimelineCursor Cursor = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), Guid.Empty, PageDirection.Next);

    [Fact]
    public void A_newest_first_page_reads_the_month_before_its_start_then_everything_older()
    {
        Assert.Equal([new TimelineWindow(Newest - TimelineWindow.NearSpan, true), new TimelineWindow(Newest - TimelineWindow.NearSpan, false)],
            TimelineWindow.For(new TimelineFilter(), null, descending: true, Newest));
        Assert.Equal([new TimelineWindow(Cursor.OccurredAt - TimelineWindow.NearSpan, true), new TimelineWindow(Cursor.OccurredAt - TimelineWindow.NearSpan, false)],
            TimelineWindow.For(new TimelineFilter(), Cursor, descending: true, Newest));
    }

    [Fact]
    public void Word_search_reads_the_newest_month_first_too()
    {
        Assert.Equal(2, TimelineWindow.For(new TimelineFilter { Text = "published" }, null, descending: true, Newest).Count);
    }

    [Fact]
    public void A_time_range_ending_before_the_start_measures_the_month_from_its_end()
    {
        var to = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new TimelineWindow(to - TimelineWindow.NearSpan, true), TimelineWindow.For(new TimelineFilter { To = to }, null, true, Newest)[0]);
    }

    [Fact]
    public void An_oldest_first_page_reads_the_month_after_its_cursor_then_everything_newer()
    {
        Assert.Equal([new TimelineWindow(Cursor.OccurredAt + TimelineWindow.NearSpan, true), new TimelineWindow(Cursor.OccurredAt + TimelineWindow.NearSpan, false)],
            TimelineWindow.For(new TimelineFilter { OldestFirst = true }, Cursor, descending: false, Newest));
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new TimelineWindow(from + TimelineWindow.NearSpan, true),
            TimelineWindow.For(new TimelineFilter { OldestFirst = true, From = from }, null, false, Newest)[0]);
    }

    public static TheoryData<string, TimelineFilter, TimelineCursor?, bool> OneRead() => new()
    {
        { "oldest first from an unknown start", new TimelineFilter { OldestFirst = true }, null, false },
        { "a range within the month", new TimelineFilter { From = Newest.AddDays(-20) }, null, true },
        { "oldest first within a month of the newest", new TimelineFilter { OldestFirst = true }, Cursor with { OccurredAt = Newest.AddDays(-3) }, false },
        { "oldest first to a range's end within the month", new TimelineFilter { OldestFirst = true, To = Cursor.OccurredAt.AddDays(10) }, Cursor, false },
        { "a record's history", new TimelineFilter { EntityType = "contract", EntityId = "42" }, null, true },
    };

    [Theory]
    [MemberData(nameof(OneRead))]
    public void Where_a_bound_gains_nothing_a_page_reads_once_unbounded(string name, TimelineFilter filter, TimelineCursor? cursor, bool descending)
    {
        Assert.True(TimelineWindow.For(filter, cursor, descending, Newest) is [null], name);
    }

    [Fact]
    public void A_word_search_gathers_candidates_only_from_the_span_its_read_can_show()
    {
        var edge = Cursor.OccurredAt - TimelineWindow.NearSpan;
        Assert.Equal((edge, Cursor.OccurredAt), TimelineWindow.Span(new TimelineFilter(), Cursor, true, Newest, new TimelineWindow(edge, true)));
        Assert.Equal((null, edge), TimelineWindow.Span(new TimelineFilter(), Cursor, true, Newest, new TimelineWindow(edge, false)));
        var later = Cursor.OccurredAt + TimelineWindow.NearSpan;
        Assert.Equal((Cursor.OccurredAt, later), TimelineWindow.Span(new TimelineFilter(), Cursor, false, Newest, new TimelineWindow(later, true)));
        Assert.Equal((later, Newest), TimelineWindow.Span(new TimelineFilter(), Cursor, false, Newest, new TimelineWindow(later, false)));
        // Without a window or cursor: the filter's own range, up to the newest possible time.
        var range = new TimelineFilter { From = Newest.AddDays(-90), To = Newest.AddDays(-60) };
        Assert.Equal((range.From, range.To!.Value), TimelineWindow.Span(range, null, true, Newest, null));
        Assert.Equal((null, Newest), TimelineWindow.Span(new TimelineFilter(), null, true, Newest, null));
    }
}
