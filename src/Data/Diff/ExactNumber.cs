using System.Globalization;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// A JSON number reduced to sign, significant digits and exponent, so numbers of any size compare exactly:
/// 1 equals 1.0 and 1e2 equals 100 (as in PostgreSQL's jsonb), while 1e400 and 2e400, both beyond double and
/// decimal range, still differ.
/// </summary>
/// <param name="Negative">True below zero; zero is never negative (jsonb's -0 equals 0).</param>
/// <param name="Digits">Significant digits without leading or trailing zeros; "0" for zero.</param>
/// <param name="Exponent">Power of ten the digits are multiplied by.</param>
internal readonly record struct ExactNumber(bool Negative, string Digits, long Exponent)
{
    /// <summary>The exact value of JSON number text; null when it is not a JSON number.</summary>
    public static ExactNumber? Of(string text)
    {
        var span = text.AsSpan();
        var negative = span.StartsWith("-");
        if (negative)
        {
            span = span[1..];
        }
        var exponentAt = span.IndexOfAny('e', 'E');
        long exponent = 0;
        if (exponentAt >= 0)
        {
            if (!long.TryParse(span[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return null;
            }
            span = span[..exponentAt];
        }
        var point = span.IndexOf('.');
        var whole = point >= 0 ? span[..point] : span;
        var fraction = point >= 0 ? span[(point + 1)..] : [];
        if (whole.IsEmpty || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }
        var digits = string.Concat(whole, fraction).TrimStart('0');
        exponent -= fraction.Length;
        var significant = digits.TrimEnd('0');
        if (significant.Length == 0)
        {
            return new ExactNumber(false, "0", 0);
        }
        return new ExactNumber(negative, significant, exponent + (digits.Length - significant.Length));
    }
}
