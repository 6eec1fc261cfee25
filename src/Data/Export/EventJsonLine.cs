using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Export;

/// <summary>
/// One line of events.jsonl: <c>{"seq":n,"hash":b64,"prev_hash":b64,"leaf_hash":b64,"event":{canonical event}}</c>.
/// "event" is exactly the RFC 8785 object the hashes cover (docs/event-format.md), seq included.
/// </summary>
public static class EventJsonLine
{
    /// <summary>
    /// Writes the line; the canonical event stays in <paramref name="scratch"/>, and the result says
    /// where its JSON values are in it.
    /// </summary>
    public static CanonicalValueRanges Write(IBufferWriter<byte> output, ExportedEvent row, CanonicalJsonWriter scratch)
    {
        scratch.Reset();
        var values = EventCanonicalForm.Write(scratch, row.Event, row.Seq, row.Links);
        WriteAscii(output, "{\"seq\":");
        WriteAscii(output, row.Seq.ToString(CultureInfo.InvariantCulture));
        WriteAscii(output, ",\"hash\":\"");
        WriteBase64(output, row.Hash);
        WriteAscii(output, "\",\"prev_hash\":\"");
        WriteBase64(output, row.PrevHash);
        WriteAscii(output, "\",\"leaf_hash\":\"");
        WriteBase64(output, row.LeafHash);
        WriteAscii(output, "\",\"event\":");
        output.Write(scratch.WrittenSpan);
        WriteAscii(output, "}\n");
        return values;
    }

    /// <summary>Reads a line back into the event and the hashes it claims; throws <see cref="FormatException"/> when malformed.</summary>
    public static ExportedEvent Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            // Values nest inside the line's "event" member, two levels down; the canonical form itself admits
            // documents up to its own limit (deeper ones are strings), so the line may nest that much more.
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = JsonCanonicalizer.MaxDepth + 2 });
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            var seq = root.GetProperty("seq").GetInt64();
            var e = root.GetProperty("event");
            if (e.GetProperty("seq").GetInt64() != seq) throw new FormatException("the event's seq differs from the line's seq");
            var actor = e.GetProperty("actor");
            var entity = e.GetProperty("entity");
            var ev = new AuditEvent
            {
                TenantId = e.GetProperty("tenant_id").GetString()!,
                Id = Guid.ParseExact(e.GetProperty("id").GetString()!, "D"),
                OccurredAt = EventCanonicalForm.ParseTimestamp(e.GetProperty("occurred_at").GetString()!),
                RecordedAt = EventCanonicalForm.ParseTimestamp(e.GetProperty("recorded_at").GetString()!),
                ActorId = actor.GetProperty("id").GetString()!,
                ActorKind = actor.GetProperty("kind").GetString()!,
                Action = e.GetProperty("action").GetString()!,
                ChangeKind = e.GetProperty("change_kind").GetString()!,
                EntityType = entity.GetProperty("type").GetString()!,
                EntityId = entity.GetProperty("id").GetString()!,
                OldValues = JsonOrNull(e.GetProperty("old_values")),
                NewValues = JsonOrNull(e.GetProperty("new_values")),
                Context = e.GetProperty("context").GetRawText(),
                SchemaVersion = e.GetProperty("schema_version").GetInt32(),
            };
            return new ExportedEvent(ev, seq,
                Hash32(root, "prev_hash"), Hash32(root, "hash"), Hash32(root, "leaf_hash")) { Links = ReadLinks(e) };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            throw new FormatException($"not a valid event line: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Format 1 has no hash_format member; format 2 has it and both links. Any other shape fails the
    /// byte-for-byte comparison with the re-serialized line, so it is not policed here.
    /// </summary>
    private static EventLinks ReadLinks(JsonElement e)
    {
        if (!e.TryGetProperty("hash_format", out var format)) return EventLinks.Format1;
        if (format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var f) || f != EventLinks.CurrentFormat)
            throw new FormatException($"hash_format {format.GetRawText()} is not a format this verifier knows (1 or 2)");
        return EventLinks.Linked(SeqOrNull(e, "prev_record_seq"), SeqOrNull(e, "prev_actor_seq"));
    }

    private static long? SeqOrNull(JsonElement e, string name)
    {
        var value = e.GetProperty(name);
        if (value.ValueKind == JsonValueKind.Null) return null;
        var seq = value.GetInt64();
        return seq >= 1 ? seq : throw new FormatException($"{name} {seq} is not a seq (1 or more)");
    }

    internal static byte[] Hash32(JsonElement parent, string name)
    {
        var bytes = parent.GetProperty(name).GetBytesFromBase64();
        if (bytes.Length != 32) throw new FormatException($"{name} is not 32 bytes");
        return bytes;
    }

    private static string? JsonOrNull(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : element.GetRawText();

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        var n = Encoding.ASCII.GetBytes(text, span);
        output.Advance(n);
    }

    private static void WriteBase64(IBufferWriter<byte> output, byte[] hash)
    {
        var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(hash.Length));
        Base64.EncodeToUtf8(hash, span, out _, out var written);
        output.Advance(written);
    }
}
