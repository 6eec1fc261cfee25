using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.Data.Ingest;

/// <summary>
/// An ingest API key as its holder sends it: <c>ak_&lt;16 base32 letters&gt;.&lt;secret&gt;</c>. The part before
/// the dot is the key id (public: it is the events' actor and is listed on the API keys page); the
/// secret is 32 random bytes in base64url, shown once and stored only as its SHA-256.
/// </summary>
public sealed record ApiKeyToken(string KeyId, string Secret)
{
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The text the holder sends in <c>Authorization: Bearer …</c>.</summary>
    public override string ToString() => KeyId + "." + Secret;

    /// <summary>SHA-256 of the secret, the only form the store keeps.</summary>
    public byte[] SecretHash() => SHA256.HashData(Encoding.UTF8.GetBytes(Secret));

    /// <summary>A fresh key with a random id and secret.</summary>
    public static ApiKeyToken Create()
    {
        var id = new StringBuilder("ak_", 19);
        foreach (var b in RandomNumberGenerator.GetBytes(16)) id.Append(Base32[b & 31]);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new ApiKeyToken(id.ToString(), secret);
    }

    /// <summary>Reads a token; null when it does not have the shape of one (never throws on bad input).</summary>
    public static ApiKeyToken? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 100) return null;
        var dot = text.IndexOf('.');
        if (dot != 19 || !IsKeyId(text[..dot])) return null;
        var secret = text[(dot + 1)..];
        return secret.Length is >= 40 and <= 50 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? new ApiKeyToken(text[..dot], secret)
            : null;
    }

    /// <summary>True for a key id of the form <c>ak_</c> + 16 letters of the base32 alphabet.</summary>
    public static bool IsKeyId(string? keyId) =>
        keyId is { Length: 19 } && keyId.StartsWith("ak_", StringComparison.Ordinal) && keyId[3..].All(c => Base32.Contains(c));
}
