namespace AuditExplorer.Data.Integrity;

/// <summary>Which subtree hashes make up RFC 6962 inclusion and consistency proofs (section 2.1.1 and 2.1.2), in proof order.</summary>
public static class MerkleProofShape
{
    public static IReadOnlyList<MerkleRange> Inclusion(long leafIndex, long treeSize)
    {
        if (leafIndex < 0 || leafIndex >= treeSize)
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"leaf {leafIndex} is not in a tree of {treeSize} leaves");
        var ranges = new List<MerkleRange>();
        AddPath(leafIndex, 0, treeSize, ranges);
        return ranges;
    }

    public static IReadOnlyList<MerkleRange> Consistency(long oldSize, long newSize)
    {
        if (oldSize < 0 || oldSize > newSize)
            throw new ArgumentOutOfRangeException(nameof(oldSize), $"no consistency proof from {oldSize} to {newSize} leaves");
        var ranges = new List<MerkleRange>();
        if (oldSize > 0 && oldSize < newSize) AddSubproof(oldSize, 0, newSize, true, ranges);
        return ranges;
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2).</summary>
    public static long SplitPoint(long n) => 1L << (63 - (int)long.LeadingZeroCount(n - 1));

    private static void AddPath(long m, long start, long end, List<MerkleRange> ranges)
    {
        var n = end - start;
        if (n <= 1) return;
        var k = SplitPoint(n);
        if (m < k)
        {
            AddPath(m, start, start + k, ranges);
            ranges.Add(new MerkleRange(start + k, end));
        }
        else
        {
            AddPath(m - k, start + k, end, ranges);
            ranges.Add(new MerkleRange(start, start + k));
        }
    }

    private static void AddSubproof(long m, long start, long end, bool isOldRoot, List<MerkleRange> ranges)
    {
        var n = end - start;
        if (m == n)
        {
            if (!isOldRoot) ranges.Add(new MerkleRange(start, end));
            return;
        }
        var k = SplitPoint(n);
        if (m <= k)
        {
            AddSubproof(m, start, start + k, isOldRoot, ranges);
            ranges.Add(new MerkleRange(start + k, end));
        }
        else
        {
            AddSubproof(m - k, start + k, end, false, ranges);
            ranges.Add(new MerkleRange(start, start + k));
        }
    }
}
