using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuditExplorer.Data.Export;

/// <summary>manifest.json: what the package holds, for whom, under which checkpoint, and the SHA-256 of every other file.</summary>
public sealed record PackageManifest
{
    public string Format { get; init; } = PackageFiles.FormatName;
    public int FormatVersion { get; init; } = PackageFiles.FormatVersion;
    public required string TenantId { get; init; }
    public required ManifestFilter Filter { get; init; }
    public required ManifestExporter Exporter { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string AppVersion { get; init; }
    public required ManifestCheckpoint Checkpoint { get; init; }
    public required ManifestCounts Counts { get; init; }
    /// <summary>Present for time-range (and whole-log) exports: the seq span the package claims complete.</summary>
    public ManifestCompleteness? Completeness { get; init; }
    public Guid AccessEventId { get; init; }
    public IReadOnlyList<ManifestFile> Files { get; init; } = [];

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>
    /// Reading is strict: an unknown member or a repeated one is an error, so a manifest cannot carry
    /// claims this verifier would silently ignore, nor a second value another reader would take, nor null
    /// where a value is required.
    /// </summary>
    private static readonly JsonSerializerOptions StrictOptions = new(JsonOptions)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
    };

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>Reads a manifest strictly (see <see cref="StrictOptions"/>); throws <see cref="JsonException"/> when malformed.</summary>
    public static PackageManifest Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<PackageManifest>(json, StrictOptions) ?? throw new JsonException("manifest is null");
}

/// <summary>The timeline filter the package was exported with; empty fields were not set.</summary>
public sealed record ManifestFilter(
    string? EntityType, string? EntityId, string? ActorId, string? Action, string? ChangeKind,
    DateTimeOffset? From, DateTimeOffset? To, bool IncludeAccessEvents)
{
    /// <summary>Subject access report: events naming this subject as actor or holding a personal value (commitment) of theirs.</summary>
    public string? SubjectId { get; init; }
}

/// <summary>Who exported, and with which program.</summary>
public sealed record ManifestExporter(string SubjectId, string Kind, string ClientApp);

/// <summary>The signed checkpoint every proof leads to.</summary>
public sealed record ManifestCheckpoint(long TreeSize, string RootHash, string KeyId, DateTimeOffset IssuedAt);

/// <summary>Rows per file, and the selected events left out because no checkpoint covers them yet.</summary>
public sealed record ManifestCounts(long Events, long CsvRows, long Proofs, long BoundaryProofs, long ExcludedUnsealed, long OutsideRange);

/// <summary>
/// The completeness claim of a time-range export: every seq in [FirstSeq, LastSeq] is in the package,
/// and the neighbours BeforeSeq / AfterSeq (when they exist) lie outside the range: format 2 holds them
/// in full in boundaries.jsonl, format 1 proved them by leaf hash only.
/// </summary>
public sealed record ManifestCompleteness(long? FirstSeq, long? LastSeq, long? BeforeSeq, long? AfterSeq, string Claim);

/// <summary>One file of the package: name, size in bytes, lower-case hex SHA-256.</summary>
public sealed record ManifestFile(string Name, long Bytes, string Sha256);
