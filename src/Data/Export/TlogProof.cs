using System.Globalization;
using System.Text;

namespace AuditExplorer.Data.Export;

/// <summary>
/// One C2SP tlog-proof (c2sp.org/tlog-proof@v1): the entry's zero-based index, its RFC 6962 inclusion
/// path (leaf's sibling first) and the checkpoint note it leads to, verbatim with its signatures. The
/// optional "extra" line is never written and refused when read: nothing this log proves depends on it.
/// </summary>
public sealed record TlogProof(long Index, IReadOnlyList<byte[]> Path, string Checkpoint)
{
    /// <summary>The first line of every proof.</summary>
    public const string Header = "c2sp.org/tlog-proof@v1";

    /// <summary>The text form: header, "index N", one base64 hash a line, a blank line, the checkpoint note.</summary>
    public string ToText()
    {
        var text = new StringBuilder(Header.Length + 64 + Path.Count * 45 + Checkpoint.Length);
        text.Append(Header).Append('\n').Append("index ").Append(Index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in Path) text.Append(Convert.ToBase64String(hash)).Append('\n');
        return text.Append('\n').Append(Checkpoint).ToString();
    }

    /// <summary>Reads the text form strictly; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static TlogProof Parse(string text)
    {
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (blank < 0) throw new FormatException("no blank line before the checkpoint");
        var lines = text[..blank].Split('\n');
        if (lines[0] != Header) throw new FormatException($"the first line is not {Header}");
        var at = 1;
        if (at < lines.Length && lines[at].StartsWith("extra ", StringComparison.Ordinal))
            throw new FormatException("carries an extra line, which this log never writes (extra data is unauthenticated)");
        if (at >= lines.Length || !lines[at].StartsWith("index ", StringComparison.Ordinal))
            throw new FormatException("the second line is not \"index N\"");
        var digits = lines[at][6..];
        if (digits.Length == 0 || digits.Any(c => c is < '0' or > '9') || (digits.Length > 1 && digits[0] == '0')
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new FormatException($"index \"{digits}\" is not a decimal without leading zeros");
        var path = new List<byte[]>();
        foreach (var line in lines.Skip(at + 1))
        {
            byte[] hash;
            try
            {
                hash = Convert.FromBase64String(line);
            }
            catch (FormatException)
            {
                throw new FormatException($"proof line \"{line}\" is not base64");
            }
            if (hash.Length != 32 || Convert.ToBase64String(hash) != line) throw new FormatException($"proof line \"{line}\" is not one base64 SHA-256 hash");
            path.Add(hash);
        }
        return new TlogProof(index, path, text[(blank + 2)..]);
    }
}
