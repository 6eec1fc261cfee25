using System.Text;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Which entry names a package may hold: plain relative paths with '/' separators. Anything a zip
/// tool could extract outside the target folder, or that different tools read differently, is refused.
/// </summary>
internal static class PackageEntryNames
{
    /// <summary>Why the name is not acceptable, or null when it is.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "has an empty name";
        if (name.Any(c => c < 0x20 || c == 0x7f)) return "has control characters in its name";
        if (name.Contains('\\')) return "has a backslash in its name (a path separator on Windows)";
        if (name[0] == '/') return "is an absolute path";
        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])) return "starts with a drive letter";
        if (name.EndsWith('/')) return "is a directory entry; a package holds files only";
        foreach (var segment in name.Split('/'))
        {
            if (segment == "..") return "has a '..' segment (path traversal)";
            if (segment is "" or ".") return "has an empty or '.' path segment";
        }
        return null;
    }

    /// <summary>The name with control characters escaped, so every finding stays on one line.</summary>
    public static string Printable(string name)
    {
        if (!name.Any(c => c < 0x20 || c == 0x7f)) return name;
        var text = new StringBuilder();
        foreach (var c in name) text.Append(c < 0x20 || c == 0x7f ? $"\\u{(int)c:x4}" : c);
        return text.ToString();
    }
}
