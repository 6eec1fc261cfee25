using AuditExplorer.Data.AsOf;
using AuditExplorer.Web.Timelines;
using Bunit;

namespace AuditExplorer.Tests.Unit.Timelines;

public sealed class AsOfPanelTests : MudTestContext
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private IRenderedComponent<AsOfPanel> RenderPanel(string prettyJson) =>
        Render<AsOfPanel>(p => p
            .Add(x => x.Tenant, "acme")
            .Add(x => x.State, new ReconstructedState(RecordExistence.Exists, "{}", Guid.CreateVersion7(), At, false))
            .Add(x => x.PrettyJson, prettyJson)
            .Add(x => x.Moment, At));

    [Fact]
    public void Hidden_characters_in_the_state_show_as_markers_and_line_breaks_stay()
    {
        var cut = RenderPanel("{\n  \"owner\": \"u-\u202Egnp.exe\"\n}");

        var pre = cut.Find("[data-testid=asof-result] pre");
        Assert.Equal("{\n  \"owner\": \"u-⟨U+202E⟩gnp.exe\"\n}", pre.TextContent);
        Assert.Equal("hidden character U+202E RIGHT-TO-LEFT OVERRIDE", pre.QuerySelector(".hidden-char")!.GetAttribute("title"));
        Assert.DoesNotContain('\u202E', cut.Markup);
    }

    [Fact]
    public void A_plain_state_shows_no_marker()
    {
        var cut = RenderPanel("{\n  \"owner\": \"c-evil\"\n}");

        Assert.Empty(cut.FindAll(".hidden-char"));
        Assert.Contains("\"owner\": \"c-evil\"", cut.Find("pre").TextContent);
    }

    [Fact]
    public void A_state_of_tens_of_thousands_of_lines_renders_only_a_window_of_them()
    {
        var pretty = string.Join("\n", Enumerable.Range(0, 20_000).Select(i => $"  \"f{i}\": {i},"));

        var cut = RenderPanel(pretty);

        var region = cut.Find("[data-testid=asof-lines]");
        Assert.Contains("20", region.GetAttribute("aria-label"));
        var rendered = region.QuerySelectorAll("div[style*='white-space: pre']").Length;
        Assert.InRange(rendered, 1, 1_000);
        Assert.Empty(cut.FindAll("pre"));
    }

    [Fact]
    public void A_short_state_is_one_block_of_text()
    {
        var cut = RenderPanel(string.Join("\n", Enumerable.Range(0, AsOfPanel.VirtualizeAbove).Select(i => $"line {i}")));

        Assert.Empty(cut.FindAll("[data-testid=asof-lines]"));
        Assert.Contains("line 499", cut.Find("pre").TextContent);
    }
}
