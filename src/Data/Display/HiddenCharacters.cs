using System.Globalization;

namespace AuditExplorer.Data.Display;

/// <summary>
/// Which characters a viewer cannot see or that silently reorder text, and what they are called. These are what
/// look-alike ids are made of (<c>u-\u202Egnp.exe</c> displays as "u-exe.png"), so they are always shown as
/// markers; variation selectors and ordinary letters of any script are left alone.
/// </summary>
public static class HiddenCharacters
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [0x0009] = "CHARACTER TABULATION",
        [0x000A] = "LINE FEED",
        [0x000D] = "CARRIAGE RETURN",
        [0x00A0] = "NO-BREAK SPACE",
        [0x00AD] = "SOFT HYPHEN",
        [0x034F] = "COMBINING GRAPHEME JOINER",
        [0x061C] = "ARABIC LETTER MARK",
        [0x115F] = "HANGUL CHOSEONG FILLER",
        [0x1160] = "HANGUL JUNGSEONG FILLER",
        [0x180E] = "MONGOLIAN VOWEL SEPARATOR",
        [0x200B] = "ZERO WIDTH SPACE",
        [0x200C] = "ZERO WIDTH NON-JOINER",
        [0x200D] = "ZERO WIDTH JOINER",
        [0x200E] = "LEFT-TO-RIGHT MARK",
        [0x200F] = "RIGHT-TO-LEFT MARK",
        [0x2028] = "LINE SEPARATOR",
        [0x2029] = "PARAGRAPH SEPARATOR",
        [0x202A] = "LEFT-TO-RIGHT EMBEDDING",
        [0x202B] = "RIGHT-TO-LEFT EMBEDDING",
        [0x202C] = "POP DIRECTIONAL FORMATTING",
        [0x202D] = "LEFT-TO-RIGHT OVERRIDE",
        [0x202E] = "RIGHT-TO-LEFT OVERRIDE",
        [0x202F] = "NARROW NO-BREAK SPACE",
        [0x2060] = "WORD JOINER",
        [0x2061] = "FUNCTION APPLICATION",
        [0x2062] = "INVISIBLE TIMES",
        [0x2063] = "INVISIBLE SEPARATOR",
        [0x2064] = "INVISIBLE PLUS",
        [0x2066] = "LEFT-TO-RIGHT ISOLATE",
        [0x2067] = "RIGHT-TO-LEFT ISOLATE",
        [0x2068] = "FIRST STRONG ISOLATE",
        [0x2069] = "POP DIRECTIONAL ISOLATE",
        [0x3164] = "HANGUL FILLER",
        [0xFEFF] = "ZERO WIDTH NO-BREAK SPACE",
        [0xFFA0] = "HALFWIDTH HANGUL FILLER",
        [0xE0001] = "LANGUAGE TAG",
        [0xE007F] = "CANCEL TAG",
    };

    /// <summary>
    /// True for characters shown as a marker: bidirectional controls, zero-width and other format (Cf)
    /// characters, controls (Cc), line and paragraph separators, lone surrogates, Hangul fillers, the
    /// combining grapheme joiner and the tag block (U+E0000–U+E007F). In values, tab, line feed and carriage
    /// return are ordinary layout and stay; in identifiers (<paramref name="identifier"/>) they, and every
    /// space other than U+0020, are marked too, since nothing legitimate in an id looks like that.
    /// </summary>
    public static bool IsHidden(int codePoint, bool identifier = false)
    {
        if (codePoint is >= 0xE0000 and <= 0xE007F)
        {
            return true;
        }
        if (codePoint is 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0)
        {
            return true;
        }
        if (codePoint is '\t' or '\n' or '\r')
        {
            return identifier;
        }
        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            return true; // a lone surrogate: no glyph, and it may be half of something else
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return category switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
            UnicodeCategory.SpaceSeparator => identifier && codePoint != ' ',
            _ => false,
        };
    }

    /// <summary>The Unicode name of a hidden character where known, otherwise what kind of character it is.</summary>
    public static string NameOf(int codePoint)
    {
        if (Names.TryGetValue(codePoint, out var name))
        {
            return name;
        }
        if (codePoint is >= 0xE0020 and <= 0xE007E)
        {
            // Tag characters mirror ASCII, which is how they smuggle text: say which letter it hides.
            return $"TAG {(char)(codePoint - 0xE0000)}";
        }
        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            return "LONE SURROGATE";
        }
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.Control => "CONTROL CHARACTER",
            UnicodeCategory.Format => "FORMAT CHARACTER",
            UnicodeCategory.SpaceSeparator => "SPACE CHARACTER",
            _ => "INVISIBLE CHARACTER",
        };
    }
}
