using System.Buffers.Text;
using System.Security.Cryptography;

namespace AuditExplorer.Data.Sessions;

/// <summary>
/// The secret a browser holds for its session: 256 random bits, base64url. The store keeps only
/// its SHA-256, so the table alone never lets anyone present a session.
/// </summary>
public static class SessionKey
{
    private const int KeyBytes = 32;

    /// <summary>A new random key.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The SHA-256 of the key's bytes, or null when the text is not a key this store issued.</summary>
    public static byte[]? HashOf(string key)
    {
        Span<byte> raw = stackalloc byte[KeyBytes + 3];
        if (key.Length != Base64Url.GetEncodedLength(KeyBytes)
            || Base64Url.DecodeFromChars(key, raw, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != key.Length || written != KeyBytes)
            return null;
        return SHA256.HashData(raw[..KeyBytes]);
    }

    /// <summary>A short public correlation id for access events: the first 16 hex digits of the hash.</summary>
    public static string? CorrelationIdOf(string key) =>
        HashOf(key) is { } hash ? Convert.ToHexStringLower(hash)[..16] : null;
}
