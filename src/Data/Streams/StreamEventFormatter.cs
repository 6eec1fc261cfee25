using System.Buffers;
using System.Text.Json;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// Turns sealed events into a stream's messages: redacted for the stream's privacy level by the one redaction seam
/// (<see cref="ViewerPrivacy"/>), then written as the package's events.jsonl line (<see cref="EventJsonLine"/>) or as
/// OCSF. An event-json line whose event had something hidden gets <c>"redacted":true</c>: its hash then covers the
/// stored event, not the text received, so a receiver checks it against a checkpoint only through the leaf hash.
/// </summary>
public sealed class StreamEventFormatter(string format, ViewerPrivacy privacy)
{
    private static readonly byte[] RedactedTail = "\"redacted\":true}"u8.ToArray();
    private readonly CanonicalJsonWriter _scratch = new();
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>The message for one sealed event.</summary>
    public StreamMessage Format(ExportedEvent row)
    {
        var shown = privacy.Redact(row.Event, out var redacted);
        var visible = redacted ? row with { Event = shown } : row;
        _buffer.ResetWrittenCount();
        byte[] body;
        if (format == StreamFormats.Ocsf)
        {
            using (var w = new Utf8JsonWriter(_buffer))
                OcsfEventWriter.Write(w, visible, redacted);
            body = _buffer.WrittenSpan.ToArray();
        }
        else
        {
            EventJsonLine.Write(_buffer, visible, _scratch);
            var line = _buffer.WrittenSpan[..^1]; // the line's newline: a message is one JSON object
            if (redacted)
            {
                body = new byte[line.Length + RedactedTail.Length];
                line[..^1].CopyTo(body);
                body[line.Length - 1] = (byte)',';
                RedactedTail.CopyTo(body, line.Length);
            }
            else
            {
                body = line.ToArray();
            }
        }
        return new StreamMessage(row.Event.TenantId, row.Seq, row.Event.Id, row.Event.OccurredAt, body, "application/json");
    }
}
