using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuditExplorer.Data.Export;

/// <summary>
/// One line of expired.jsonl: a retention archive record (audit.retention_archives) covering the seq a
/// record's or actor's first remaining change links to. It is the store's record, not signed by the log:
/// the verifier reports the gap as expired by policy and names the archive, whose SHA-256 and seq span
/// an auditor checks by verifying that archive.
/// </summary>
public sealed record ExpiredSpan(
    Guid ArchiveId, DateTimeOffset RangeFrom, DateTimeOffset RangeTo, long EventCount, long? FirstSeq, long? LastSeq,
    long CheckpointSize, string Location, string Sha256)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
    };

    /// <summary>Whether this archive's seq span holds <paramref name="seq"/>.</summary>
    public bool Covers(long seq) => FirstSeq is { } first && LastSeq is { } last && first <= seq && seq <= last;

    public string ToJsonLine() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads one line strictly; throws <see cref="FormatException"/> when malformed.</summary>
    public static ExpiredSpan Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize<ExpiredSpan>(line, Options) ?? throw new FormatException("is null");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"is not a retention archive record: {ex.Message}");
        }
    }
}
