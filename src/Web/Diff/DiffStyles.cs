using AuditExplorer.Data.Diff;

namespace AuditExplorer.Web.Diff;

/// <summary>
/// Colours for change kinds, inline so the diff stays readable without a stylesheet; every colour is paired
/// with a text label, and all meet WCAG AA contrast on white.
/// </summary>
internal static class DiffStyles
{
    public const string ScrollArea = "max-height: 70vh; overflow: auto;";

    /// <summary>Read by screen readers, invisible on screen.</summary>
    public const string VisuallyHidden =
        "position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;";

    public const string Code = "font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.8125rem;";

    public static string Badge(FieldChangeKind kind) => kind switch
    {
        FieldChangeKind.Added => "color: #1b5e20; border: 1px solid #1b5e20; background: #e8f5e9;",
        FieldChangeKind.Removed => "color: #b71c1c; border: 1px solid #b71c1c; background: #ffebee;",
        _ => "color: #7a3e00; border: 1px solid #7a3e00; background: #fff3e0;",
    } + " border-radius: 4px; padding: 0 6px; font-size: 0.75rem; font-weight: 600; white-space: nowrap;";

    public static string Line(TextDiffChangeKind kind) => kind switch
    {
        TextDiffChangeKind.Added => "background: #e8f5e9;",
        TextDiffChangeKind.Removed => "background: #ffebee;",
        TextDiffChangeKind.Modified => "background: #fff3e0;",
        TextDiffChangeKind.Empty => "background: #f5f5f5;",
        _ => "",
    };

    /// <summary>A one-character sign so changed lines are recognisable without colour.</summary>
    public static string Sign(TextDiffChangeKind kind) => kind switch
    {
        TextDiffChangeKind.Added => "+",
        TextDiffChangeKind.Removed => "−",
        TextDiffChangeKind.Modified => "~",
        _ => "",
    };

    /// <summary>Words for the sign, for screen readers.</summary>
    public static string SignLabel(TextDiffChangeKind kind) => kind switch
    {
        TextDiffChangeKind.Added => "added",
        TextDiffChangeKind.Removed => "removed",
        TextDiffChangeKind.Modified => "modified",
        _ => "",
    };

    /// <summary>Text cut to <paramref name="limit"/> characters with a note saying how much was left out.</summary>
    public static string Preview(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }
        // Never cut between the halves of a surrogate pair: half an emoji would show as a hidden-character marker.
        var cut = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        return $"{text[..cut]}… ({text.Length - cut:N0} more characters)";
    }
}
