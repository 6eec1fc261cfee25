using AuditExplorer.Data.Diff;
using AuditExplorer.Web.Diff;
using Bunit;

namespace AuditExplorer.Tests.Unit.Diff;

public class TextDiffViewTests : MudTestContext
{
    private static TextDiffModel Model(string oldJson, string newJson) =>
        SideBySideTextDiff.Compare(CanonicalJsonPrinter.Print(oldJson), CanonicalJsonPrinter.Print(newJson));

    [Fact]
    public void Side_by_side_is_shown_first_with_old_and_new_columns()
    {
        var cut = Render<TextDiffView>(p => p.Add(v => v.Model, Model("""{"a":1}""", """{"a":2}""")));

        Assert.Equal("SideBySide", cut.Find("table").GetAttribute("data-layout"));
        Assert.Equal("Text diff layout", cut.Find("[role=group]").GetAttribute("aria-label"));
        var changed = cut.FindAll("td[data-kind=Modified]");
        Assert.Equal(2, changed.Count);
        Assert.Contains("\"a\": 1", changed[0].TextContent);
        Assert.Contains("\"a\": 2", changed[1].TextContent);
    }

    [Fact]
    public void Toggle_switches_to_inline_reports_the_choice_and_marks_the_pressed_button()
    {
        TextDiffLayout? reported = null;
        var cut = Render<TextDiffView>(p => p
            .Add(v => v.Model, Model("""{"a":1}""", """{"a":2}"""))
            .Add(v => v.LayoutChanged, layout => reported = layout));

        cut.FindAll("button").Single(b => b.TextContent.Contains("Inline")).Click();

        Assert.Equal("Inline", cut.Find("table").GetAttribute("data-layout"));
        Assert.Equal(TextDiffLayout.Inline, reported);
        Assert.Equal("true", cut.FindAll("button").Single(b => b.TextContent.Contains("Inline")).GetAttribute("aria-pressed"));
        Assert.Equal("false", cut.FindAll("button").Single(b => b.TextContent.Contains("Side by side")).GetAttribute("aria-pressed"));
        Assert.Single(cut.FindAll("td[data-kind=Removed]"));
        Assert.Single(cut.FindAll("td[data-kind=Added]"));
    }

    [Fact]
    public void Changed_lines_carry_a_text_label_not_only_a_colour()
    {
        var cut = Render<TextDiffView>(p => p
            .Add(v => v.Model, Model("""{"a":1}""", """{"a":1,"b":2}"""))
            .Add(v => v.InitialLayout, TextDiffLayout.Inline));

        Assert.Contains("added:", cut.Find("td[data-kind=Added]").TextContent);
    }

    [Fact]
    public void Markup_in_lines_renders_as_text()
    {
        var cut = Render<TextDiffView>(p => p.Add(v => v.Model, Model("""{"a":"x"}""", """{"a":"<script>alert(1)</script>"}""")));

        Assert.Contains("&lt;script&gt;", cut.Markup);
        Assert.Empty(cut.FindAll("script"));
    }

    [Fact]
    public void Identical_texts_say_so()
    {
        var cut = Render<TextDiffView>(p => p.Add(v => v.Model, Model("""{"a":1}""", """{"a":1}""")));

        Assert.Contains("The texts are identical.", cut.Markup);
    }

    [Fact]
    public void Long_diffs_are_virtualized_so_not_every_line_is_rendered()
    {
        var big = "{" + string.Join(",", Enumerable.Range(0, 3_000).Select(i => $"\"f{i}\":{i}")) + "}";

        var cut = Render<TextDiffView>(p => p.Add(v => v.Model, Model(big, big.Replace("\"f5\":5", "\"f5\":6"))));

        Assert.InRange(cut.FindAll("td[data-kind]").Count, 1, 999);
    }

    [Fact]
    public void Hidden_characters_in_lines_show_as_markers_in_both_layouts()
    {
        var cut = Render<TextDiffView>(p => p.Add(v => v.Model, Model("""{"id":"c-evil"}""", """{"id":"c-\u202Eevil"}""")));

        var changed = cut.FindAll("td[data-kind=Modified]");
        Assert.Empty(changed[0].QuerySelectorAll(".hidden-char"));
        Assert.Equal("⟨U+202E⟩", changed[1].QuerySelector(".hidden-char")!.TextContent);
        cut.FindAll("button").Single(b => b.TextContent.Contains("Inline")).Click();
        Assert.Single(cut.FindAll("td[data-kind=Added] .hidden-char"));
        Assert.DoesNotContain('\u202E', cut.Markup);
    }
}
