namespace AuditExplorer.Data.Integrity;

/// <summary>Roots and proofs of one tenant's tree, assembled from stored hashes with a couple of reads.</summary>
public sealed class MerkleTreeReader(IMerkleHashSource source)
{
    public async Task<byte[]> RootAsync(long treeSize, CancellationToken ct)
    {
        if (treeSize == 0) return MerkleHasher.EmptyRoot();
        var hashes = await RangeHashesAsync([new MerkleRange(0, treeSize)], ct);
        return hashes[0];
    }

    public async Task<InclusionProof> InclusionProofAsync(long leafIndex, long treeSize, CancellationToken ct)
    {
        var path = await RangeHashesAsync(MerkleProofShape.Inclusion(leafIndex, treeSize), ct);
        return new InclusionProof(leafIndex, treeSize, path);
    }

    public async Task<ConsistencyProof> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken ct)
    {
        var path = await RangeHashesAsync(MerkleProofShape.Consistency(oldSize, newSize), ct);
        return new ConsistencyProof(oldSize, newSize, path);
    }

    /// <summary>The proof that leaves [start, end) are the whole span in the tree of <paramref name="treeSize"/> (one read).</summary>
    public async Task<RangeProof> RangeProofAsync(long start, long end, long treeSize, CancellationToken ct)
    {
        if (start < 0 || start >= end || end > treeSize) throw new ArgumentOutOfRangeException(nameof(end), $"[{start}, {end}) is not a non-empty span of a tree of {treeSize}");
        var left = RangeProof.LeftNodes(start);
        var hashes = await PerfectNodesAsync([.. left, .. RangeProof.RightNodes(end, treeSize)], ct);
        return new RangeProof(start, end, treeSize, hashes.Take(left.Count).ToList(), hashes.Skip(left.Count).ToList());
    }

    /// <summary>The hashes of perfect subtrees, each rebuilt from its stored sources.</summary>
    public async Task<IReadOnlyList<byte[]>> PerfectNodesAsync(IReadOnlyList<MerkleNodeId> nodes, CancellationToken ct)
    {
        var needed = nodes.SelectMany(MerkleNodeLayout.Sources).Distinct().ToList();
        var stored = await source.ReadAsync(needed, ct);
        return nodes.Select(n => MerkleNodeLayout.Fold(MerkleNodeLayout.Sources(n).Select(s => stored[s]).ToList())).ToList();
    }

    private async Task<IReadOnlyList<byte[]>> RangeHashesAsync(IReadOnlyList<MerkleRange> ranges, CancellationToken ct)
    {
        var parts = ranges.Select(r => r.PerfectParts()).ToList();
        var flat = parts.SelectMany(p => p).ToList();
        var hashes = await PerfectNodesAsync(flat, ct);
        var result = new List<byte[]>(ranges.Count);
        var offset = 0;
        foreach (var p in parts)
        {
            var root = hashes[offset + p.Count - 1];
            for (var i = p.Count - 2; i >= 0; i--) root = MerkleHasher.HashChildren(hashes[offset + i], root);
            result.Add(root);
            offset += p.Count;
        }
        return result;
    }
}
