namespace AuditExplorer.Data.Export;

/// <summary>
/// Size limits the verifier enforces before it reads an entry, so a hostile package (a zip bomb,
/// a multi-gigabyte "manifest", one endless line) is a finding rather than an exhausted machine.
/// </summary>
public sealed record PackageLimits
{
    /// <summary>manifest.json.</summary>
    public long ManifestBytes { get; init; } = 1 << 20;

    /// <summary>checkpoint.txt and each keys/*.pub.</summary>
    public long SmallFileBytes { get; init; } = 64 << 10;

    /// <summary>VERIFY.md.</summary>
    public long InstructionsBytes { get; init; } = 1 << 20;

    /// <summary>One line of events.jsonl, boundaries.jsonl or proofs.jsonl (an event holds up to three large documents).</summary>
    public int LineBytes { get; init; } = 16 << 20;

    /// <summary>All entries together, uncompressed, as their headers declare them.</summary>
    public long TotalBytes { get; init; } = 64L << 30;

    /// <summary>
    /// Uncompressed to compressed size of one entry larger than this is refused: DEFLATE cannot
    /// exceed about 1032:1, so a higher ratio means a forged header.
    /// </summary>
    public long MaxCompressionRatio { get; init; } = 1100;
}
