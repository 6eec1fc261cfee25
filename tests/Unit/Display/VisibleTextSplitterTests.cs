using AuditExplorer.Data.Display;

namespace AuditExplorer.Tests.Unit.Display;

public class VisibleTextSplitterTests
{
    private static string Shown(string value, bool identifier = false) =>
        string.Concat(VisibleTextSplitter.Split(value, identifier).Select(r => r.Shown));

    [Theory]
    [InlineData(0x202A)]
    [InlineData(0x202B)]
    [InlineData(0x202C)]
    [InlineData(0x202D)]
    [InlineData(0x202E)]
    [InlineData(0x2066)]
    [InlineData(0x2067)]
    [InlineData(0x2068)]
    [InlineData(0x2069)]
    [InlineData(0x200E)]
    [InlineData(0x200F)]
    [InlineData(0x061C)]
    public void Bidirectional_controls_are_hidden_characters(int codePoint) => AssertMarked(codePoint);

    [Theory]
    [InlineData(0x200B)]
    [InlineData(0x200C)]
    [InlineData(0x200D)]
    [InlineData(0x2060)]
    [InlineData(0xFEFF)]
    [InlineData(0x00AD)]
    public void Zero_width_characters_and_the_soft_hyphen_are_hidden_characters(int codePoint) => AssertMarked(codePoint);

    [Theory]
    [InlineData(0x0000)]
    [InlineData(0x0007)]
    [InlineData(0x001B)]
    [InlineData(0x007F)]
    [InlineData(0x0085)]
    [InlineData(0x2028)]
    [InlineData(0x2062)]
    [InlineData(0x180E)]
    [InlineData(0x3164)]
    public void Other_control_format_and_filler_characters_are_hidden_characters(int codePoint) => AssertMarked(codePoint);

    [Theory]
    [InlineData(0xE0001)]
    [InlineData(0xE0041)]
    [InlineData(0xE0061)]
    [InlineData(0xE007F)]
    public void Tag_characters_are_hidden_characters_even_though_they_are_surrogate_pairs(int codePoint) => AssertMarked(codePoint);

    private static void AssertMarked(int codePoint)
    {
        var value = "a" + char.ConvertFromUtf32(codePoint) + "b";

        var runs = VisibleTextSplitter.Split(value);

        Assert.Equal(["a", char.ConvertFromUtf32(codePoint), "b"], runs.Select(r => r.Text));
        Assert.Equal([false, true, false], runs.Select(r => r.IsHidden));
        Assert.Equal(codePoint, runs[1].CodePoint);
        Assert.Equal($"⟨U+{codePoint:X4}⟩", runs[1].Shown);
        Assert.StartsWith($"hidden character U+{codePoint:X4} ", runs[1].Description);
    }

    [Fact]
    public void A_right_to_left_override_is_named_in_the_description()
    {
        var run = VisibleTextSplitter.Split("u-\u202Egnp.exe")[1];

        Assert.Equal("⟨U+202E⟩", run.Shown);
        Assert.Equal("hidden character U+202E RIGHT-TO-LEFT OVERRIDE", run.Description);
    }

    [Fact]
    public void A_tag_character_says_which_letter_it_hides()
    {
        var run = VisibleTextSplitter.Split("x" + char.ConvertFromUtf32(0xE0061))[1];

        Assert.Equal("⟨U+E0061⟩", run.Shown);
        Assert.Equal("hidden character U+E0061 TAG a", run.Description);
    }

    [Theory]
    [InlineData("c-evil")]
    [InlineData("Zoë Ångström, 東京, Привет, שלום, مرحبا")]
    [InlineData("{\"amount\": 12.5, \"note\": \"<b>x</b>\"}")]
    [InlineData("line one\nline two\ttabbed\r\n")]
    [InlineData("emoji 😀 and flags 🇩🇪")]
    [InlineData("text style \u263A\uFE0E and emoji style \u263A\uFE0F")]
    public void Ordinary_text_is_one_plain_run_untouched(string value)
    {
        var runs = VisibleTextSplitter.Split(value);

        var run = Assert.Single(runs);
        Assert.Equal((value, false), (run.Text, run.IsHidden));
        Assert.False(VisibleTextSplitter.HasHidden(value));
        Assert.Same(value, VisibleTextSplitter.Escape(value));
    }

    [Fact]
    public void Surrogate_pairs_stay_whole_next_to_hidden_characters()
    {
        var runs = VisibleTextSplitter.Split("😀\u200B😀");

        Assert.Equal(["😀", "\u200B", "😀"], runs.Select(r => r.Text));
    }

    [Fact]
    public void A_lone_surrogate_is_marked_instead_of_rendered()
    {
        var runs = VisibleTextSplitter.Split("a\uD83Db");

        Assert.Equal("⟨U+D83D⟩", runs[1].Shown);
        Assert.Contains("LONE SURROGATE", runs[1].Description);
    }

    [Fact]
    public void Empty_and_null_strings_have_no_runs()
    {
        Assert.Empty(VisibleTextSplitter.Split(""));
        Assert.Empty(VisibleTextSplitter.Split(null));
        Assert.Equal("", VisibleTextSplitter.Escape(null));
    }

    [Fact]
    public void Consecutive_hidden_characters_get_one_marker_each()
    {
        Assert.Equal("a⟨U+202E⟩⟨U+200B⟩b", Shown("a\u202E\u200Bb"));
    }

    [Fact]
    public void In_identifiers_whitespace_and_unusual_spaces_are_marked_too_but_not_in_values()
    {
        const string value = "c-1\t2\n3\u00A04 5";

        Assert.Equal("c-1⟨U+0009⟩2⟨U+000A⟩3⟨U+00A0⟩4 5", Shown(value, identifier: true));
        Assert.Equal(value, Shown(value));
    }

    [Fact]
    public void Escape_gives_plain_text_for_titles_and_attributes()
    {
        Assert.Equal("u-⟨U+202E⟩gnp.exe", VisibleTextSplitter.Escape("u-\u202Egnp.exe"));
        Assert.Equal("c-⟨U+200D⟩evil", VisibleTextSplitter.Escape("c-\u200Devil", identifier: true));
    }
}
