using System.Diagnostics;
using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Tests.Unit.Diff;

/// <summary>The field and text diff of documents at the edges: 10,000 levels deep, numbers beyond double range, 2 MiB.</summary>
public class DeepAndHugeComparisonTests
{
    private const int Depth = 10_000;

    private static string NestedObjects(string innermost) =>
        string.Concat(Enumerable.Repeat("{\"a\":", Depth)) + innermost + new string('}', Depth);

    [Fact]
    public void Ten_thousand_levels_of_objects_compare_in_fields_and_text()
    {
        var comparison = ChangeComparison.Build(NestedObjects("1"), NestedObjects("2"), RedactionPolicy.FullView);

        var change = Assert.Single(comparison.Fields);
        Assert.Equal("$" + string.Concat(Enumerable.Repeat(".a", Depth)), change.Path);
        Assert.Equal(("1", "2"), (change.OldValue, change.NewValue));
        var changed = Assert.Single(comparison.Text.SideBySide, l => l.OldKind != TextDiffChangeKind.Unchanged);
        Assert.EndsWith("\"a\": 1", changed.OldText);
        Assert.EndsWith("\"a\": 2", changed.NewText);
    }

    [Fact]
    public void Ten_thousand_levels_of_arrays_compare_in_fields_and_text()
    {
        var old = "{\"deep\":" + new string('[', Depth) + "\"x\"" + new string(']', Depth) + "}";
        var @new = "{\"deep\":" + new string('[', Depth) + "\"y\"" + new string(']', Depth) + "}";

        var comparison = ChangeComparison.Build(old, @new, RedactionPolicy.Redacting(["$.other"]));

        Assert.Equal(("\"x\"", "\"y\""), (comparison.Fields[0].OldValue, comparison.Fields[0].NewValue));
        Assert.Equal(2 * Depth + 3, comparison.Text.SideBySide.Count);
    }

    [Fact]
    public void Numbers_beyond_double_range_compare_exactly()
    {
        var changed = ChangeComparison.Build("""{"n":1e400}""", """{"n":2e400}""", RedactionPolicy.FullView);
        var same = ChangeComparison.Build("""{"n":1e400}""", """{"n":10.0e399}""", RedactionPolicy.FullView);

        Assert.Equal(("1e400", "2e400"), (changed.Fields.Single().OldValue, changed.Fields.Single().NewValue));
        Assert.Empty(same.Fields);
    }

    [Theory]
    [InlineData("1", "1.0", true)]
    [InlineData("100", "1e2", true)]
    [InlineData("-0", "0", true)]
    [InlineData("0.5", "5E-1", true)]
    [InlineData("1e400", "1E+400", true)]
    [InlineData("1e-400", "2e-400", false)]
    [InlineData("-1e400", "1e400", false)]
    [InlineData("0.1000000000000000000001", "0.1000000000000000000002", false)]
    public void Number_equality_is_exact_at_any_magnitude(string left, string right, bool equal)
    {
        var comparison = ChangeComparison.Build($$"""{"n":{{left}}}""", $$"""{"n":{{right}}}""", RedactionPolicy.FullView);

        Assert.Equal(equal, comparison.Fields.Count == 0);
    }

    [Fact]
    public void Two_mebibyte_values_compare_in_fields_and_text_within_seconds()
    {
        var old = $$"""{"blob":"{{new string('a', 2 * 1024 * 1024)}}","n":1}""";
        var @new = $$"""{"blob":"{{new string('b', 2 * 1024 * 1024)}}","n":1}""";
        var clock = Stopwatch.StartNew();

        var comparison = ChangeComparison.Build(old, @new, RedactionPolicy.FullView);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var blob = Assert.Single(comparison.Fields);
        Assert.Equal(2 * 1024 * 1024 + 2, blob.NewValue!.Length);
        Assert.Contains(comparison.Text.SideBySide, l => l.NewKind != TextDiffChangeKind.Unchanged && l.NewText.Length > 2 * 1024 * 1024);
    }

    [Fact]
    public void Documents_beyond_the_depth_limit_are_called_too_deep_to_display_with_their_size()
    {
        var depth = AuditJson.MaxDepth + 1;
        var deep = new string('[', depth) + new string(']', depth);

        var error = Assert.Throws<InvalidAuditJsonException>(() => ChangeComparison.Build(null, deep, RedactionPolicy.FullView));

        Assert.StartsWith("The new values are too deep to display", error.Message);
        Assert.Contains((2 * depth).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes", error.Message);
    }
}
