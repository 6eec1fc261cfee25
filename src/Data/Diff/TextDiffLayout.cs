namespace AuditExplorer.Data.Diff;

/// <summary>How the text diff is laid out.</summary>
public enum TextDiffLayout
{
    /// <summary>Old lines on the left, new lines on the right.</summary>
    SideBySide,
    /// <summary>Removed and added lines interleaved in one column.</summary>
    Inline,
}
