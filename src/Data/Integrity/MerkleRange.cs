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

    /// <summary>
    /// The range's compact form: the fewest aligned perfect subtrees that tile it, left to right
    /// (sizes rise, then fall). Unlike <see cref="PerfectParts"/> this holds for any range; for
    /// [0, n) both are the same. A range proof carries these for the leaves left and right of the range.
    /// </summary>
    public IReadOnlyList<MerkleNodeId> AlignedParts()
    {
        var parts = new List<MerkleNodeId>();
        var start = Start;
        while (start < End)
        {
            var fits = 63 - (int)long.LeadingZeroCount(End - start);
            var level = start == 0 ? fits : Math.Min(fits, (int)long.TrailingZeroCount(start));
            parts.Add(new MerkleNodeId(level, start >> level));
            start += 1L << level;
        }
        return parts;
    }
}
