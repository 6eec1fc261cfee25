using System.Buffers;
using System.Text.Json;

namespace AuditExplorer.Data.Export;

/// <summary>
/// One line of personal-values.jsonl (packages for viewers who may see personal data): the value behind a
/// commitment in event <see cref="Seq"/>, with its salt, so a verifier recomputes the commitment offline.
/// </summary>
/// <param name="Seq">The event's seq; its old or new values hold the commitment.</param>
/// <param name="Commitment">Lower-case hex SHA-256 of salt ‖ UTF-8(value text).</param>
/// <param name="Salt">The salt, lower-case hex (32 bytes).</param>
/// <param name="Value">The value's JSON text exactly as committed.</param>
public sealed record PersonalValueLine(long Seq, string Commitment, string Salt, string Value)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the line and its newline.</summary>
    public void Write(ArrayBufferWriter<byte> buffer)
    {
        using (var writer = new Utf8JsonWriter(buffer))
            JsonSerializer.Serialize(writer, this, Options);
        buffer.Write("\n"u8);
    }

    /// <summary>Reads a line; null members are refused.</summary>
    /// <exception cref="FormatException">Not a personal-value line.</exception>
    public static PersonalValueLine Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<PersonalValueLine>(line, Options);
            if (parsed is null || parsed.Commitment is null || parsed.Salt is null || parsed.Value is null)
                throw new FormatException("not a personal-value line: seq, commitment, salt and value are required");
            return parsed;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a personal-value line: {ex.Message}", ex);
        }
    }
}
