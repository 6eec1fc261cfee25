using System.Buffers;
using System.Text.Json;

namespace AuditExplorer.Data.Export;

/// <summary>
/// One line of proofs.jsonl: the RFC 6962 inclusion proof of one seq (leaf index seq - 1) in the
/// checkpoint's tree. Boundary lines ("boundary": "before"/"after") prove a neighbour of a
/// time range, and an "export" line proves the export's own access event, by leaf hash.
/// </summary>
public sealed record ProofJsonLine(long Seq, long LeafIndex, long TreeSize, IReadOnlyList<byte[]> Path, string? Boundary = null, byte[]? LeafHash = null)
{
    public const string Before = "before";
    public const string After = "after";
    /// <summary>The proof of the export's own access event (export-event.jsonl), which binds the manifest to the log.</summary>
    public const string Export = "export";

    public void Write(IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("seq", Seq);
        if (Boundary is not null) json.WriteString("boundary", Boundary);
        if (LeafHash is not null) json.WriteBase64String("leaf_hash", LeafHash);
        json.WriteNumber("leaf_index", LeafIndex);
        json.WriteNumber("tree_size", TreeSize);
        json.WriteStartArray("path");
        foreach (var h in Path) json.WriteBase64StringValue(h);
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    public static ProofJsonLine Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            var path = Hashes(root.GetProperty("path"));
            return new ProofJsonLine(
                root.GetProperty("seq").GetInt64(),
                root.GetProperty("leaf_index").GetInt64(),
                root.GetProperty("tree_size").GetInt64(),
                path,
                root.TryGetProperty("boundary", out var b) ? b.GetString() : null,
                root.TryGetProperty("leaf_hash", out _) ? EventJsonLine.Hash32(root, "leaf_hash") : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a valid proof line: {ex.Message}", ex);
        }
    }

    /// <summary>A JSON array of base64 SHA-256 hashes, each exactly 32 bytes (shared with <see cref="RangeProofJsonLine"/>).</summary>
    internal static List<byte[]> Hashes(JsonElement array) => array.EnumerateArray().Select(h =>
    {
        var bytes = h.GetBytesFromBase64();
        return bytes.Length == Integrity.MerkleHasher.HashSize ? bytes : throw new FormatException("a proof hash is not 32 bytes");
    }).ToList();
}
