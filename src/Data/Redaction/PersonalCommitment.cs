using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.Data.Redaction;

/// <summary>
/// The salted commitment that stands in a stored document where a personal value was:
/// <c>{"$personal": hex(SHA-256(salt ‖ UTF-8(value_text)))}</c>, with a 32-byte salt and the value's JSON text
/// exactly as recorded beside it (docs/personal-data.md).
/// </summary>
public static class PersonalCommitment
{
    /// <summary>The only member of a commitment object.</summary>
    public const string MemberName = "$personal";

    /// <summary>What views show where an erased subject's value was.</summary>
    public const string ErasedMarker = "erased";

    /// <summary>The commitment (lower-case hex) to a value's JSON text under a salt.</summary>
    public static string Compute(ReadOnlySpan<byte> salt, string valueText)
    {
        ArgumentNullException.ThrowIfNull(valueText);
        var text = Encoding.UTF8.GetBytes(valueText);
        var input = new byte[salt.Length + text.Length];
        salt.CopyTo(input);
        text.CopyTo(input, salt.Length);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>True when the salt and value text open the commitment.</summary>
    public static bool Opens(string commitmentHex, ReadOnlySpan<byte> salt, string valueText) =>
        string.Equals(Compute(salt, valueText), commitmentHex, StringComparison.Ordinal);

    /// <summary>Cheap pre-check: only documents containing this text can hold a commitment.</summary>
    public static bool MayContain(string? json) => json is not null && json.Contains("\"" + MemberName + "\"", StringComparison.Ordinal);
}
