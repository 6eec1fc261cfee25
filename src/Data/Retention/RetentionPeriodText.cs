using System.Globalization;

namespace AuditExplorer.Data.Retention;

/// <summary>Retention periods as people write them: "7y", "18m" or a plain number of months; and back to words.</summary>
public static class RetentionPeriodText
{
    /// <summary>Months for "7y", "7 years", "18m", "18 months" or "18"; null when the text is none of those.</summary>
    public static int? TryParseMonths(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        var (digits, factor) =
            t.EndsWith("years", StringComparison.Ordinal) ? (t[..^5], 12) :
            t.EndsWith("year", StringComparison.Ordinal) ? (t[..^4], 12) :
            t.EndsWith('y') ? (t[..^1], 12) :
            t.EndsWith("months", StringComparison.Ordinal) ? (t[..^6], 1) :
            t.EndsWith("month", StringComparison.Ordinal) ? (t[..^5], 1) :
            t.EndsWith('m') ? (t[..^1], 1) : (t, 1);
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1200) return null;
        return n * factor;
    }

    /// <summary>"7 years", "1 year 6 months", "18 months" style text for a number of months.</summary>
    public static string Format(int months)
    {
        var years = months / 12;
        var rest = months % 12;
        var y = years == 0 ? "" : years == 1 ? "1 year" : $"{years} years";
        var m = rest == 0 ? "" : rest == 1 ? "1 month" : $"{rest} months";
        return years == 0 ? (m.Length == 0 ? "0 months" : m) : rest == 0 ? y : y + " " + m;
    }
}
