namespace AuditExplorer.Data.Integrity;

/// <summary>The leaves [Start, End) of a tree; its RFC 6962 hash is built from a few perfect subtrees.</summary>
public readonly record struct MerkleRange(long Start, long End)
{
    public long Size => End - Start;

    /// <summary>
    /// The perfect subtrees whose right fold H(p1, H(p2, ... pk)) is this range's RFC 6962 hash,
    /// left to right. Holds for every range a proof asks for: they start at a multiple of the
    /// largest power of two not above their size.
    /// </summary>
    public IReadOnlyList<MerkleNodeId> PerfectParts()
    {
        var parts = new List<MerkleNodeId>();
        var start = Start;
        var remaining = Size;
        while (remaining > 0)
        {
            var level = 63 - (int)long.LeadingZeroCount(remaining);
            parts.Add(new MerkleNodeId(level, start >> level));
            start += 1L << level;
            remaining -= 1L << level;
        }
        return parts;
    }
}
