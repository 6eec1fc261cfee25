namespace AuditExplorer.Data.Diff;

/// <summary>Both layouts of a line diff, ready for a (virtualized) list.</summary>
/// <param name="SideBySide">Rows pairing old and new lines.</param>
/// <param name="Inline">Rows interleaving removed and added lines.</param>
public sealed record TextDiffModel(IReadOnlyList<SideBySideLine> SideBySide, IReadOnlyList<InlineLine> Inline)
{
    /// <summary>A model with no lines (nothing to compare).</summary>
    public static TextDiffModel Empty { get; } = new([], []);

    /// <summary>True when at least one line differs.</summary>
    public bool HasChanges => Inline.Any(line => line.Kind != TextDiffChangeKind.Unchanged);
}
