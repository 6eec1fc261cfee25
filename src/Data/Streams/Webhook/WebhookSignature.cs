using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.Data.Streams.Webhook;

/// <summary>
/// The webhook signature (docs/streams.md#webhook-signature): header <c>AuditExplorer-Signature: v1=&lt;hex&gt;</c> with
/// hex = lower-case HMAC-SHA256(key = UTF-8 of the stream secret, message = UTF-8(timestamp) ‖ "." ‖ body), where
/// timestamp is the <c>AuditExplorer-Timestamp</c> header (Unix seconds).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The signature header's name.</summary>
    public const string Header = "AuditExplorer-Signature";

    /// <summary>The timestamp header's name.</summary>
    public const string TimestampHeader = "AuditExplorer-Timestamp";

    /// <summary>The header value <c>v1=&lt;hex&gt;</c> for a body sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>What a receiver does: true when the header is the signature of this body and timestamp under this secret.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || signatureHeader is null) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
