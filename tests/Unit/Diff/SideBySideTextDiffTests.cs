using AuditExplorer.Data.Diff;

namespace AuditExplorer.Tests.Unit.Diff;

public class SideBySideTextDiffTests
{
    [Fact]
    public void Changed_line_is_modified_on_both_sides_with_line_numbers()
    {
        var model = SideBySideTextDiff.Compare("a\nb\nc", "a\nB\nc");

        Assert.Equal(
            [
                new SideBySideLine(1, "a", TextDiffChangeKind.Unchanged, 1, "a", TextDiffChangeKind.Unchanged),
                new SideBySideLine(2, "b", TextDiffChangeKind.Modified, 2, "B", TextDiffChangeKind.Modified),
                new SideBySideLine(3, "c", TextDiffChangeKind.Unchanged, 3, "c", TextDiffChangeKind.Unchanged),
            ],
            model.SideBySide);
    }

    [Fact]
    public void Added_line_has_filler_on_the_old_side()
    {
        var model = SideBySideTextDiff.Compare("a\nc", "a\nb\nc");

        var added = Assert.Single(model.SideBySide, l => l.NewKind == TextDiffChangeKind.Added);
        Assert.Equal(new SideBySideLine(null, "", TextDiffChangeKind.Empty, 2, "b", TextDiffChangeKind.Added), added);
    }

    [Fact]
    public void Inline_layout_interleaves_removed_and_added_lines_with_both_numberings()
    {
        var model = SideBySideTextDiff.Compare("a\nb\nc", "a\nB\nc\nd");

        Assert.Equal(
            [
                new InlineLine(1, 1, "a", TextDiffChangeKind.Unchanged),
                new InlineLine(2, null, "b", TextDiffChangeKind.Removed),
                new InlineLine(null, 2, "B", TextDiffChangeKind.Added),
                new InlineLine(3, 3, "c", TextDiffChangeKind.Unchanged),
                new InlineLine(null, 4, "d", TextDiffChangeKind.Added),
            ],
            model.Inline);
        Assert.True(model.HasChanges);
    }

    [Fact]
    public void Indentation_changes_count_as_changes()
    {
        var model = SideBySideTextDiff.Compare("  \"a\": 1", "    \"a\": 1");

        Assert.True(model.HasChanges);
    }

    [Fact]
    public void Equal_texts_have_no_changes()
    {
        Assert.False(SideBySideTextDiff.Compare("x\ny", "x\ny").HasChanges);
    }

    [Fact]
    public void Created_document_is_all_added_lines()
    {
        var model = SideBySideTextDiff.Compare("", CanonicalJsonPrinter.Print("""{"a":1}"""));

        Assert.Equal(["{", "  \"a\": 1", "}"], model.Inline.Where(l => l.Kind == TextDiffChangeKind.Added).Select(l => l.Text));
        Assert.DoesNotContain(model.Inline, l => l.Kind == TextDiffChangeKind.Removed);
    }

    [Fact]
    public void Inline_layout_lists_each_changed_block_old_lines_first_then_new_lines()
    {
        var model = SideBySideTextDiff.Compare("a\nb\nc\nd", "a\nB\nC\nX\nd");

        Assert.Equal(
            ["a", "-b", "-c", "+B", "+C", "+X", "d"],
            model.Inline.Select(l => l.Kind switch
            {
                TextDiffChangeKind.Removed => "-" + l.Text,
                TextDiffChangeKind.Added => "+" + l.Text,
                _ => l.Text,
            }));
        Assert.Equal([1, 2, 3, null, null, null, 4], model.Inline.Select(l => l.OldNumber));
        Assert.Equal([1, null, null, 2, 3, 4, 5], model.Inline.Select(l => l.NewNumber));
    }
}
