using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditExplorer.Data.Streams.Syslog;

/// <summary>
/// One stream message as an RFC 5424 syslog message:
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME auditexplorer - MSGID [auditexplorer@32473 tenant=".." seq=".." id=".."] BOM MSG</c>.
/// Severity is informational (6); TIMESTAMP is when the event occurred (UTC, microseconds); MSGID is the event's
/// action when the body carries a usable one, else <c>audit</c>; MSG is the formatted event, UTF-8 behind a BOM (§6.4).
/// </summary>
public static class SyslogMessageFormat
{
    /// <summary>APP-NAME of every message.</summary>
    public const string AppName = "auditexplorer";

    /// <summary>RFC 5612's enterprise number for documentation; a deployment with its own PEN can change it here.</summary>
    public const int EnterpriseNumber = 32473;

    /// <summary>The SD-ID of the structured data element carrying tenant, seq and event id.</summary>
    public static readonly string SdId = $"{AppName}@{EnterpriseNumber}";

    /// <summary>Severity 6, informational (RFC 5424 table 2).</summary>
    public const int Severity = 6;

    /// <summary>MSGID when the event's action cannot be one (missing, longer than 32, or not printable ASCII).</summary>
    public const string DefaultMsgId = "audit";

    static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The syslog message bytes (without framing). Throws <see cref="StreamDeliveryException"/> when they exceed
    /// <see cref="SyslogSettings.MaxMessageBytes"/>: truncating would lose part of an event the stream reports delivered.
    /// </summary>
    public static byte[] Format(StreamMessage message, SyslogSettings settings)
    {
        var header = new StringBuilder(160)
            .Append('<').Append((settings.Facility * 8 + Severity).ToString(CultureInfo.InvariantCulture)).Append(">1 ")
            .Append(message.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(' ')
            .Append(settings.Hostname).Append(' ')
            .Append(AppName).Append(" - ")
            .Append(MsgId(message.Body.Span)).Append(" [")
            .Append(SdId)
            .Append(" tenant=\"").Append(EscapeParamValue(message.TenantId))
            .Append("\" seq=\"").Append(message.Seq.ToString(CultureInfo.InvariantCulture))
            .Append("\" id=\"").Append(message.EventId.ToString("D"))
            .Append("\"] ")
            .ToString();
        var headerLength = Encoding.UTF8.GetByteCount(header);
        var length = headerLength + Bom.Length + message.Body.Length;
        if (length > settings.MaxMessageBytes)
            throw new StreamDeliveryException(
                $"Event {message.IdempotencyKey} ({message.EventId}) is {length} bytes as a syslog message, over max_message_bytes " +
                $"{settings.MaxMessageBytes}. Nothing of this batch was sent and the stream stays at this event: raise max_message_bytes " +
                "and the receiver's limit (rsyslog: global(maxMessageSize=...)), or filter such events out of the stream.");
        var bytes = new byte[length];
        Encoding.UTF8.GetBytes(header, bytes);
        Bom.CopyTo(bytes, headerLength);
        message.Body.Span.CopyTo(bytes.AsSpan(headerLength + Bom.Length));
        return bytes;
    }

    /// <summary>RFC 5424 §6.3.3: inside a PARAM-VALUE, <c>"</c>, <c>\</c> and <c>]</c> are escaped with a backslash.</summary>
    public static string EscapeParamValue(string value)
    {
        if (value.AsSpan().IndexOfAny("\"\\]") < 0) return value;
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '"' or '\\' or ']') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A header field: 1..<paramref name="max"/> characters from PRINTUSASCII (33..126), so no spaces.</summary>
    public static bool IsHeaderField(string value, int max)
    {
        if (value.Length is 0 || value.Length > max) return false;
        foreach (var c in value)
            if (c < 33 || c > 126) return false;
        return true;
    }

    /// <summary>The top-level <c>action</c> string of the JSON body when it is a valid MSGID, else <see cref="DefaultMsgId"/>.</summary>
    static string MsgId(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return DefaultMsgId;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAction = reader.ValueTextEquals("action"u8);
                if (!reader.Read()) break;
                if (isAction)
                    return reader.TokenType == JsonTokenType.String && reader.GetString() is { } action && IsHeaderField(action, 32)
                        ? action
                        : DefaultMsgId;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A body that is not JSON (a future format) still gets a message; only its MSGID is generic.
        }
        return DefaultMsgId;
    }
}
