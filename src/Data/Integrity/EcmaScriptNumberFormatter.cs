using System.Globalization;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Formats a double exactly as ECMAScript's Number.prototype.toString does (RFC 8785, section 3.2.2.3):
/// shortest round-trip digits, plain notation for exponents from -7 to 20, otherwise "de+n".
/// </summary>
public static class EcmaScriptNumberFormatter
{
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentException("NaN and Infinity have no JSON representation", nameof(value));
        if (value == 0) return "0"; // also -0, which ECMAScript prints as "0"

        // .NET's "R" gives the shortest round-trip digits but its own layout ("1E+30", "1.5E-07"),
        // so take only the digits and the decimal exponent from it.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text[0] == '-';
        if (negative) text = text[1..];

        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var point = text.IndexOf('.');
        var digits = point >= 0 ? text.Remove(point, 1) : text;
        var integerDigits = point >= 0 ? point : text.Length;

        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0') leadingZeros++;
        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0) return "0";

        // value = 0.d1d2...dk × 10^n in ECMAScript's terms.
        var n = integerDigits - leadingZeros + exponent;
        var k = digits.Length;
        var result = k <= n && n <= 21 ? digits + new string('0', n - k)
            : 0 < n && n <= 21 ? digits[..n] + "." + digits[n..]
            : -6 < n && n <= 0 ? "0." + new string('0', -n) + digits
            : Exponential(digits, n - 1);
        return negative ? "-" + result : result;
    }

    private static string Exponential(string digits, int exponent)
    {
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }
}
