namespace AuditExplorer.Data.Diff;

/// <summary>How one line of the text diff differs.</summary>
public enum TextDiffChangeKind
{
    /// <summary>Same on both sides.</summary>
    Unchanged,
    /// <summary>Only in the new text.</summary>
    Added,
    /// <summary>Only in the old text.</summary>
    Removed,
    /// <summary>Present on both sides with different content (side-by-side only).</summary>
    Modified,
    /// <summary>Filler opposite a line that exists only on the other side (side-by-side only).</summary>
    Empty,
}
