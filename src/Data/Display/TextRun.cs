using System.Globalization;

namespace AuditExplorer.Data.Display;

/// <summary>
/// A piece of a displayed string: ordinary text shown as is, or one hidden character (a bidirectional control,
/// an invisible or control character) to be shown as a visible marker instead.
/// </summary>
/// <param name="Text">The text exactly as stored (for a hidden run: the character itself, never to be rendered).</param>
/// <param name="CodePoint">The hidden character's code point; null for ordinary text.</param>
public readonly record struct TextRun(string Text, int? CodePoint)
{
    /// <summary>True when this run is a hidden character.</summary>
    public bool IsHidden => CodePoint is not null;

    /// <summary>What is shown instead of a hidden character, e.g. <c>⟨U+202E⟩</c>; the text itself otherwise.</summary>
    public string Shown => CodePoint is { } c ? "⟨" + Notation(c) + "⟩" : Text;

    /// <summary>
    /// What the marker stands for, for a tooltip and screen readers, e.g.
    /// "hidden character U+202E RIGHT-TO-LEFT OVERRIDE"; null for ordinary text.
    /// </summary>
    public string? Description => CodePoint is { } c ? $"hidden character {Notation(c)} {HiddenCharacters.NameOf(c)}" : null;

    private static string Notation(int codePoint) =>
        "U+" + codePoint.ToString(codePoint > 0xFFFF ? "X5" : "X4", CultureInfo.InvariantCulture);
}
