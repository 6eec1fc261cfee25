using AuditExplorer.Web.Shared;
using Bunit;

namespace AuditExplorer.Tests.Unit.Display;

public sealed class VisibleTextTests : MudTestContext
{
    private IRenderedComponent<VisibleText> RenderText(string? value, bool identifier = false) =>
        Render<VisibleText>(p => p.Add(t => t.Value, value).Add(t => t.Identifier, identifier));

    [Fact]
    public void A_right_to_left_override_in_an_actor_id_shows_as_a_marker_and_never_raw()
    {
        var cut = RenderText("u-\u202Egnp.exe", identifier: true);

        var marker = cut.Find("bdi span.hidden-char");
        Assert.Equal("⟨U+202E⟩", marker.TextContent);
        Assert.Equal("hidden character U+202E RIGHT-TO-LEFT OVERRIDE", marker.GetAttribute("title"));
        Assert.Equal("hidden character U+202E RIGHT-TO-LEFT OVERRIDE", marker.GetAttribute("aria-label"));
        Assert.Equal("u-⟨U+202E⟩gnp.exe", cut.Find("bdi").TextContent);
        Assert.DoesNotContain('\u202E', cut.Markup);
    }

    [Fact]
    public void A_zero_width_joiner_in_a_record_id_shows_as_a_marker_and_never_raw()
    {
        var cut = RenderText("c-\u200Devil", identifier: true);

        var marker = cut.Find("span.hidden-char");
        Assert.Equal("⟨U+200D⟩", marker.TextContent);
        Assert.Equal("hidden character U+200D ZERO WIDTH JOINER", marker.GetAttribute("title"));
        Assert.Equal("c-⟨U+200D⟩evil", cut.Find("bdi").TextContent);
        Assert.DoesNotContain('\u200D', cut.Markup);
    }

    [Fact]
    public void Plain_text_renders_unchanged_without_any_marker()
    {
        var cut = RenderText("c-evil", identifier: true);

        Assert.Empty(cut.FindAll(".hidden-char"));
        Assert.Equal("c-evil", cut.Find("bdi").TextContent);
    }

    [Fact]
    public void The_value_is_isolated_so_it_cannot_reorder_the_page_around_it()
    {
        var cut = RenderText("שלום");

        Assert.Equal("bdi", cut.Find(".visible-text").TagName.ToLowerInvariant());
        Assert.Equal("שלום", cut.Find("bdi").TextContent);
    }

    [Fact]
    public void Markup_in_a_value_stays_text()
    {
        var cut = RenderText("<img src=x onerror=alert(1)>\u200B");

        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("&lt;img", cut.Markup);
        Assert.Single(cut.FindAll(".hidden-char"));
    }

    [Fact]
    public void Line_breaks_of_a_value_are_kept_as_text()
    {
        var cut = RenderText("{\n  \"a\": 1\n}");

        Assert.Equal("{\n  \"a\": 1\n}", cut.Find("bdi").TextContent);
        Assert.Empty(cut.FindAll(".hidden-char"));
    }
}
