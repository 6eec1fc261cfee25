namespace AuditExplorer.Data.Diff;

/// <summary>One row of an inline (unified) text diff.</summary>
/// <param name="OldNumber">1-based line number in the old text; null for an added line.</param>
/// <param name="NewNumber">1-based line number in the new text; null for a removed line.</param>
/// <param name="Text">The line's text.</param>
/// <param name="Kind">Unchanged, Added or Removed.</param>
public sealed record InlineLine(int? OldNumber, int? NewNumber, string Text, TextDiffChangeKind Kind);
