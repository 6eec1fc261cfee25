using System.Buffers.Text;

namespace AuditExplorer.Data.Streams.Syslog;

/// <summary>
/// RFC 6587 §3.4.1 octet counting, also RFC 5425's TLS framing: <c>MSG-LEN SP SYSLOG-MSG</c>, MSG-LEN the decimal
/// octet count of the message without leading zeros. Unlike LF framing it carries any byte, newlines included.
/// </summary>
public static class OctetCountingFrame
{
    /// <summary>The framed bytes of one syslog message.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> syslogMessage)
    {
        if (syslogMessage.IsEmpty) throw new ArgumentException("A syslog message is never empty.", nameof(syslogMessage));
        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(syslogMessage.Length, digits, out var n);
        var frame = new byte[n + 1 + syslogMessage.Length];
        digits[..n].CopyTo(frame);
        frame[n] = (byte)' ';
        syslogMessage.CopyTo(frame.AsSpan(n + 1));
        return frame;
    }
}
