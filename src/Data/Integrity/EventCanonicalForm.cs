using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The canonical bytes of a sealed event (docs/event-format.md): one RFC 8785 JSON object of the
/// event's fields plus its sequence number, and from hash format 2 on the format marker and the
/// back links. Hashes are computed over exactly these bytes.
/// </summary>
public static class EventCanonicalForm
{
    /// <summary>Hash format 1 (no back links): the bytes of events sealed before migration 017.</summary>
    public static byte[] Encode(AuditEvent e, long seq) => Encode(e, seq, EventLinks.Format1);

    /// <summary>The canonical bytes in the hash format (and with the back links) the seal records.</summary>
    public static byte[] Encode(AuditEvent e, long seq, EventLinks links)
    {
        var writer = new CanonicalJsonWriter();
        Write(writer, e, seq, links);
        return writer.ToArray();
    }

    /// <summary>Hash format 1 (no back links).</summary>
    public static void Write(CanonicalJsonWriter writer, AuditEvent e, long seq) => Write(writer, e, seq, EventLinks.Format1);

    /// <summary>
    /// Appends the canonical bytes to <paramref name="writer"/> (members already in RFC 8785 order) and
    /// says where the three JSON values landed.
    /// </summary>
    public static CanonicalValueRanges Write(CanonicalJsonWriter writer, AuditEvent e, long seq, EventLinks links)
    {
        if (links.HashFormat is not (1 or EventLinks.CurrentFormat))
            throw new ArgumentOutOfRangeException(nameof(links), links.HashFormat, "unknown hash format");
        writer.OversizedNumbersAsStrings = true;
        writer.WriteRaw("{\"action\":"u8);
        writer.WriteString(e.Action);
        writer.WriteRaw(",\"actor\":{\"id\":"u8);
        writer.WriteString(e.ActorId);
        writer.WriteRaw(",\"kind\":"u8);
        writer.WriteString(e.ActorKind);
        writer.WriteRaw("},\"change_kind\":"u8);
        writer.WriteString(e.ChangeKind);
        writer.WriteRaw(",\"context\":"u8);
        var context = WriteJson(writer, e.Context);
        writer.WriteRaw(",\"entity\":{\"id\":"u8);
        writer.WriteString(e.EntityId);
        writer.WriteRaw(",\"type\":"u8);
        writer.WriteString(e.EntityType);
        writer.WriteRaw("}"u8);
        // Format 1 has none of these members, so events sealed before them keep their exact bytes.
        if (links.HasLinks)
        {
            writer.WriteRaw(",\"hash_format\":"u8);
            writer.WriteInteger(links.HashFormat);
        }
        writer.WriteRaw(",\"id\":"u8);
        WriteId(writer, e.Id);
        writer.WriteRaw(",\"new_values\":"u8);
        var newValues = WriteJson(writer, e.NewValues);
        writer.WriteRaw(",\"occurred_at\":"u8);
        WriteTimestamp(writer, e.OccurredAt);
        writer.WriteRaw(",\"old_values\":"u8);
        var oldValues = WriteJson(writer, e.OldValues);
        if (links.HasLinks)
        {
            writer.WriteRaw(",\"prev_actor_seq\":"u8);
            WriteSeqOrNull(writer, links.PrevActorSeq);
            writer.WriteRaw(",\"prev_record_seq\":"u8);
            WriteSeqOrNull(writer, links.PrevRecordSeq);
        }
        writer.WriteRaw(",\"recorded_at\":"u8);
        WriteTimestamp(writer, e.RecordedAt);
        writer.WriteRaw(",\"schema_version\":"u8);
        writer.WriteInteger(e.SchemaVersion);
        writer.WriteRaw(",\"seq\":"u8);
        writer.WriteInteger(seq);
        writer.WriteRaw(",\"tenant_id\":"u8);
        writer.WriteString(e.TenantId);
        writer.WriteRaw("}"u8);
        return new CanonicalValueRanges(context, newValues, oldValues);
    }

    /// <summary>UTC, RFC 3339, exactly six fractional digits (PostgreSQL's microsecond precision) and 'Z'.</summary>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[TimestampLength];
        FormatTimestamp(value, text);
        return System.Text.Encoding.ASCII.GetString(text);
    }

    private const int TimestampLength = 27; // yyyy-MM-ddTHH:mm:ss.ffffffZ

    /// <summary>
    /// Reads back exactly the form <see cref="FormatTimestamp(DateTimeOffset)"/> writes, real calendar days only;
    /// throws <see cref="FormatException"/> for any other text. By hand: the general parser took a tenth of a verification.
    /// </summary>
    public static DateTimeOffset ParseTimestamp(string text)
    {
        var t = text.AsSpan();
        if (t.Length == TimestampLength && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':' && t[19] == '.' && t[26] == 'Z'
            && ReadDigits(t[..4], out var year) && ReadDigits(t[5..7], out var month) && ReadDigits(t[8..10], out var day)
            && ReadDigits(t[11..13], out var hour) && ReadDigits(t[14..16], out var minute) && ReadDigits(t[17..19], out var second)
            && ReadDigits(t[20..26], out var micros)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour < 24 && minute < 60 && second < 60)
            return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(micros * 10L);
        throw new FormatException($"timestamp \"{text}\" is not UTC RFC 3339 with six fractional digits");
    }

    private static bool ReadDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    // Digits written straight into bytes: verification formats two timestamps per event, and a custom DateTime
    // format string per call was a visible share of its time. Years are always four digits (0001 to 9999).
    private static void FormatTimestamp(DateTimeOffset value, Span<byte> text)
    {
        var utc = value.UtcDateTime;
        Digits(text[..4], utc.Year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), utc.Month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), utc.Day);
        text[10] = (byte)'T';
        Digits(text.Slice(11, 2), utc.Hour);
        text[13] = (byte)':';
        Digits(text.Slice(14, 2), utc.Minute);
        text[16] = (byte)':';
        Digits(text.Slice(17, 2), utc.Second);
        text[19] = (byte)'.';
        Digits(text.Slice(20, 6), (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
        text[26] = (byte)'Z';
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static void WriteTimestamp(CanonicalJsonWriter writer, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[TimestampLength + 2];
        text[0] = (byte)'"';
        FormatTimestamp(value, text.Slice(1, TimestampLength));
        text[^1] = (byte)'"';
        writer.WriteRaw(text);
    }

    private static void WriteId(CanonicalJsonWriter writer, Guid id)
    {
        // Lower-case hex with hyphens ("D"): already canonical JSON string content.
        Span<byte> text = stackalloc byte[38];
        text[0] = (byte)'"';
        id.TryFormat(text[1..], out _, "D");
        text[^1] = (byte)'"';
        writer.WriteRaw(text);
    }

    private static void WriteSeqOrNull(CanonicalJsonWriter writer, long? seq)
    {
        if (seq is { } s) writer.WriteInteger(s);
        else writer.WriteNull();
    }

    private static Range WriteJson(CanonicalJsonWriter writer, string? json)
    {
        var before = writer.WrittenCount;
        if (json is null)
        {
            writer.WriteNull();
            return before..writer.WrittenCount;
        }
        try
        {
            JsonCanonicalizer.WriteTo(writer, json);
        }
        catch (FormatException)
        {
            // jsonb text is always valid JSON, so this is nesting beyond JsonCanonicalizer.MaxDepth
            // (which jsonb allows): hash the stored text as a string so the event can still be sealed.
            writer.Truncate(before);
            writer.WriteString(json);
        }
        return before..writer.WrittenCount;
    }
}
