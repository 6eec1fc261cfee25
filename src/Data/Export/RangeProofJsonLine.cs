using System.Buffers;
using System.Text.Json;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Format 3, time-range packages: the first line of proofs.jsonl proves all events of seq
/// first..last at once (a <see cref="RangeProof"/> of leaves first − 1 to last in the checkpoint's
/// tree): {"first_seq":a,"last_seq":b,"tree_size":N,"left":[b64,…],"right":[b64,…]}.
/// </summary>
public sealed record RangeProofJsonLine(long FirstSeq, long LastSeq, long TreeSize, IReadOnlyList<byte[]> Left, IReadOnlyList<byte[]> Right)
{
    public static RangeProofJsonLine From(RangeProof proof) => new(proof.Start + 1, proof.End, proof.TreeSize, proof.Left, proof.Right);

    public RangeProof ToProof() => new(FirstSeq - 1, LastSeq, TreeSize, Left, Right);

    public void Write(IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("first_seq", FirstSeq);
        json.WriteNumber("last_seq", LastSeq);
        json.WriteNumber("tree_size", TreeSize);
        WriteHashes(json, "left", Left);
        WriteHashes(json, "right", Right);
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    private static void WriteHashes(Utf8JsonWriter json, string name, IReadOnlyList<byte[]> hashes)
    {
        json.WriteStartArray(name);
        foreach (var h in hashes) json.WriteBase64StringValue(h);
        json.WriteEndArray();
    }

    public static RangeProofJsonLine Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            return new RangeProofJsonLine(
                root.GetProperty("first_seq").GetInt64(),
                root.GetProperty("last_seq").GetInt64(),
                root.GetProperty("tree_size").GetInt64(),
                ProofJsonLine.Hashes(root.GetProperty("left")),
                ProofJsonLine.Hashes(root.GetProperty("right")));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a valid range proof line: {ex.Message}", ex);
        }
    }
}
