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
        var sideBySide = SideBySide(oldText, newText);
        return new TextDiffModel(sideBySide, Inline(sideBySide));
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

    /// <summary>
    /// The inline layout read off the side-by-side rows (each changed block: its old lines, then its new lines),
    /// which halves the cost for large documents compared with diffing a second time.
    /// </summary>
    private static List<InlineLine> Inline(List<SideBySideLine> sideBySide)
    {
        var rows = new List<InlineLine>(sideBySide.Count);
        var added = new List<InlineLine>();
        foreach (var row in sideBySide)
        {
            if (row.OldKind == TextDiffChangeKind.Unchanged)
            {
                rows.AddRange(added);
                added.Clear();
                rows.Add(new InlineLine(row.OldNumber, row.NewNumber, row.OldText, TextDiffChangeKind.Unchanged));
                continue;
            }
            if (row.OldKind != TextDiffChangeKind.Empty)
            {
                rows.Add(new InlineLine(row.OldNumber, null, row.OldText, TextDiffChangeKind.Removed));
            }
            if (row.NewKind != TextDiffChangeKind.Empty)
            {
                added.Add(new InlineLine(null, row.NewNumber, row.NewText, TextDiffChangeKind.Added));
            }
        }
        rows.AddRange(added);
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
