using AuditExplorer.Data.Timelines;
using AuditExplorer.Web.Timelines;
using Bunit;

namespace AuditExplorer.Tests.Unit.Timelines;

public sealed class TimelinePagerTests : MudTestContext
{
    private IRenderedComponent<TimelinePager> RenderPager(string? next, string? previous, bool first, bool oldestFirst = false, Action<string>? onMove = null) =>
        Render<TimelinePager>(p => p
            .Add(x => x.Page, new TimelinePage([], next, previous))
            .Add(x => x.IsFirstPage, first)
            .Add(x => x.OldestFirst, oldestFirst)
            .Add(x => x.PageSize, 50)
            .Add(x => x.OnMove, onMove ?? (_ => { })));

    [Fact]
    public void First_page_can_only_go_older()
    {
        var cut = RenderPager(next: "n", previous: null, first: true);
        Assert.True(cut.Find("[data-testid=page-first]").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid=page-previous]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=page-next]").HasAttribute("disabled"));
        Assert.Contains("more available", cut.Find("[data-testid=page-summary]").TextContent);
    }

    [Fact]
    public void Last_page_cannot_go_further()
    {
        var cut = RenderPager(next: null, previous: "p", first: false);
        Assert.True(cut.Find("[data-testid=page-next]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=page-previous]").HasAttribute("disabled"));
        Assert.DoesNotContain("more available", cut.Find("[data-testid=page-summary]").TextContent);
    }

    [Fact]
    public void Moving_hands_back_the_pages_cursor()
    {
        string? moved = null;
        var cut = RenderPager(next: "next-token", previous: "prev-token", first: false, onMove: c => moved = c);
        cut.Find("[data-testid=page-next]").Click();
        Assert.Equal("next-token", moved);
        cut.Find("[data-testid=page-previous]").Click();
        Assert.Equal("prev-token", moved);
    }

    [Fact]
    public void Labels_follow_the_order()
    {
        var cut = RenderPager(next: "n", previous: "p", first: false, oldestFirst: true);
        Assert.Contains("Newer", cut.Find("[data-testid=page-next]").TextContent);
        Assert.Contains("Oldest", cut.Find("[data-testid=page-first]").TextContent);
    }
}
