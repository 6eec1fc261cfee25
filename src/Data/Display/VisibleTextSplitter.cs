using System.Text;

namespace AuditExplorer.Data.Display;

/// <summary>
/// Splits stored text into ordinary runs and hidden characters, so a view can show each hidden character as a
/// marker (as code review tools do) instead of letting it reorder or disguise what is displayed.
/// </summary>
public static class VisibleTextSplitter
{
    private static readonly TextRun[] Nothing = [];

    /// <summary>
    /// The runs of <paramref name="value"/> in order: ordinary text as long runs, each hidden character as a run of
    /// its own (see <see cref="HiddenCharacters.IsHidden(int, bool)"/>). Surrogate pairs stay whole.
    /// </summary>
    public static IReadOnlyList<TextRun> Split(string? value, bool identifier = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Nothing;
        }
        if (!HasHidden(value, identifier))
        {
            return [new TextRun(value, null)];
        }
        var runs = new List<TextRun>();
        var start = 0;
        var i = 0;
        while (i < value.Length)
        {
            var (codePoint, length) = CodePointAt(value, i);
            if (HiddenCharacters.IsHidden(codePoint, identifier))
            {
                if (i > start)
                {
                    runs.Add(new TextRun(value[start..i], null));
                }
                runs.Add(new TextRun(value.Substring(i, length), codePoint));
                start = i + length;
            }
            i += length;
        }
        if (start < value.Length)
        {
            runs.Add(new TextRun(value[start..], null));
        }
        return runs;
    }

    /// <summary>True when <paramref name="value"/> holds at least one hidden character.</summary>
    public static bool HasHidden(string? value, bool identifier = false)
    {
        if (value is null)
        {
            return false;
        }
        for (var i = 0; i < value.Length;)
        {
            var (codePoint, length) = CodePointAt(value, i);
            if (HiddenCharacters.IsHidden(codePoint, identifier))
            {
                return true;
            }
            i += length;
        }
        return false;
    }

    /// <summary>
    /// Plain text with every hidden character replaced by its marker, for places that take text only (page
    /// titles, attributes): <c>u-\u202Egnp.exe</c> becomes <c>u-⟨U+202E⟩gnp.exe</c>.
    /// </summary>
    public static string Escape(string? value, bool identifier = false)
    {
        if (string.IsNullOrEmpty(value) || !HasHidden(value, identifier))
        {
            return value ?? "";
        }
        var text = new StringBuilder(value.Length + 16);
        foreach (var run in Split(value, identifier))
        {
            text.Append(run.Shown);
        }
        return text.ToString();
    }

    /// <summary>The code point at <paramref name="index"/>; a lone surrogate is returned as itself.</summary>
    private static (int CodePoint, int Length) CodePointAt(string value, int index) =>
        Rune.DecodeFromUtf16(value.AsSpan(index), out var rune, out var consumed) == System.Buffers.OperationStatus.Done
            ? (rune.Value, consumed)
            : (value[index], 1);
}
