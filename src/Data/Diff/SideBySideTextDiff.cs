using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace AuditExplorer.Data.Diff;

/// <summary>Line diff of two (canonically printed) texts, in side-by-side and inline layouts, computed with DiffPlex.</summary>
public static class SideBySideTextDiff
{
    /// <summary>Compares two texts line by line; whitespace counts, because indentation shows nesting.</summary>
    public static TextDiffModel Compare(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        return new TextDiffModel(SideBySide(oldText, newText), Inline(oldText, newText));
    }

    private static List<SideBySideLine> SideBySide(string oldText, string newText)
    {
        var model = new SideBySideDiffBuilder(Differ.Instance).BuildDiffModel(oldText, newText, ignoreWhitespace: false);
        var rows = new List<SideBySideLine>(model.OldText.Lines.Count);
        for (var i = 0; i < model.OldText.Lines.Count; i++)
        {
            var left = model.OldText.Lines[i];
            var right = model.NewText.Lines[i];
            rows.Add(new SideBySideLine(
                left.Position, left.Text ?? "", KindOf(left.Type),
                right.Position, right.Text ?? "", KindOf(right.Type)));
        }
        return rows;
    }

    private static List<InlineLine> Inline(string oldText, string newText)
    {
        var model = new InlineDiffBuilder(Differ.Instance).BuildDiffModel(oldText, newText, ignoreWhitespace: false);
        var rows = new List<InlineLine>(model.Lines.Count);
        int oldNumber = 0, newNumber = 0;
        foreach (var line in model.Lines)
        {
            var kind = KindOf(line.Type);
            rows.Add(kind switch
            {
                TextDiffChangeKind.Removed => new InlineLine(++oldNumber, null, line.Text ?? "", kind),
                TextDiffChangeKind.Added => new InlineLine(null, ++newNumber, line.Text ?? "", kind),
                _ => new InlineLine(++oldNumber, ++newNumber, line.Text ?? "", TextDiffChangeKind.Unchanged),
            });
        }
        return rows;
    }

    private static TextDiffChangeKind KindOf(ChangeType type) => type switch
    {
        ChangeType.Inserted => TextDiffChangeKind.Added,
        ChangeType.Deleted => TextDiffChangeKind.Removed,
        ChangeType.Modified => TextDiffChangeKind.Modified,
        ChangeType.Imaginary => TextDiffChangeKind.Empty,
        _ => TextDiffChangeKind.Unchanged,
    };
}
