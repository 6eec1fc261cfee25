namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Proof that the leaves [<paramref name="Start"/>, <paramref name="End"/>) are, in order, all the
/// leaves of that span in the tree of <paramref name="TreeSize"/>: the compact forms of the leaves to
/// their left (<paramref name="Left"/>, [0, Start)) and right (<paramref name="Right"/>, [End, TreeSize)),
/// <see cref="MerkleRange.AlignedParts"/> of each. A verifier resumes a tree from Left, appends every
/// leaf, appends each Right subtree and compares the root: O(log n) hashes for any number of leaves,
/// where one inclusion proof per leaf needs about log n each.
/// </summary>
public sealed record RangeProof(long Start, long End, long TreeSize, IReadOnlyList<byte[]> Left, IReadOnlyList<byte[]> Right)
{
    /// <summary>The subtrees left of the range whose hashes <see cref="Left"/> carries, largest first.</summary>
    public static IReadOnlyList<MerkleNodeId> LeftNodes(long start) => CompactMerkleRange.EdgeNodes(start);

    /// <summary>The subtrees right of the range whose hashes <see cref="Right"/> carries, left to right.</summary>
    public static IReadOnlyList<MerkleNodeId> RightNodes(long end, long treeSize) => new MerkleRange(end, treeSize).AlignedParts();

    /// <summary>Why the proof cannot describe its span at all (wrong bounds or hash counts), or null.</summary>
    public string? ShapeProblem()
    {
        if (Start < 0 || Start >= End || End > TreeSize) return $"leaves [{Start}, {End}) are not a non-empty span of a tree of {TreeSize}";
        if (Left.Count != LeftNodes(Start).Count) return $"left holds {Left.Count} hashes; leaves [0, {Start}) need {LeftNodes(Start).Count}";
        if (Right.Count != RightNodes(End, TreeSize).Count) return $"right holds {Right.Count} hashes; leaves [{End}, {TreeSize}) need {RightNodes(End, TreeSize).Count}";
        if (Left.Concat(Right).Any(h => h.Length != MerkleHasher.HashSize)) return "a hash is not 32 bytes";
        return null;
    }
}
