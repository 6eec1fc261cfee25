namespace AuditExplorer.Data.Diff;

/// <summary>One row of a side-by-side text diff: the old line on the left, the new line on the right.</summary>
/// <param name="OldNumber">1-based line number in the old text; null for filler.</param>
/// <param name="OldText">Old line text; empty for filler.</param>
/// <param name="OldKind">How the old side differs.</param>
/// <param name="NewNumber">1-based line number in the new text; null for filler.</param>
/// <param name="NewText">New line text; empty for filler.</param>
/// <param name="NewKind">How the new side differs.</param>
public sealed record SideBySideLine(
    int? OldNumber, string OldText, TextDiffChangeKind OldKind,
    int? NewNumber, string NewText, TextDiffChangeKind NewKind);
