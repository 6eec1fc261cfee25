using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.Data.Timelines;

/// <summary>
/// Turns cursors into opaque, URL-safe tokens bound to a tenant and a filter. An HMAC makes an
/// edited token, or one copied into another tenant's or filter's URL, fail loudly instead of
/// showing other data.
/// </summary>
public sealed class CursorCodec(byte[] key)
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 16 + 1;
    private const int MacLength = 16;

    public string Encode(TimelineCursor cursor, string tenantId, TimelineFilter filter)
    {
        Span<byte> buffer = stackalloc byte[PayloadLength + MacLength];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], cursor.OccurredAt.UtcTicks);
        cursor.Id.TryWriteBytes(buffer[9..25], bigEndian: true, out _);
        buffer[25] = (byte)cursor.Direction;
        Mac(buffer[..PayloadLength], tenantId, filter).CopyTo(buffer[PayloadLength..]);
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public TimelineCursor Decode(string token, string tenantId, TimelineFilter filter)
    {
        var bytes = FromBase64Url(token);
        if (bytes is null || bytes.Length != PayloadLength + MacLength || bytes[0] != Version)
            throw new InvalidCursorException("This page link is damaged. Start again from the first page.");
        var expected = Mac(bytes.AsSpan(0, PayloadLength), tenantId, filter);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadLength)))
            throw new InvalidCursorException("This page link does not belong to this tenant and filter. Start again from the first page.");
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        var direction = (PageDirection)bytes[25];
        if (!Enum.IsDefined(direction) || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            throw new InvalidCursorException("This page link is damaged. Start again from the first page.");
        return new TimelineCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(9, 16), bigEndian: true), direction);
    }

    private byte[] Mac(ReadOnlySpan<byte> payload, string tenantId, TimelineFilter filter)
    {
        var context = Encoding.UTF8.GetBytes(tenantId + '\u001e' + filter.Fingerprint());
        var data = new byte[payload.Length + context.Length];
        payload.CopyTo(data);
        context.CopyTo(data, payload.Length);
        return HMACSHA256.HashData(key, data)[..MacLength];
    }

    private static byte[]? FromBase64Url(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) return null;
        var s = token.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { return null; }
    }
}
