using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Inclusion proofs for many leaves with one read of stored hashes per batch: the hashes every
/// proof needs are collected and read together, and each rebuilt subtree hash is computed once per
/// batch and shared by all proofs that pass through it (neighbouring leaves share almost their
/// whole path), instead of a round trip and a rebuild per event.
/// </summary>
public sealed class BatchedInclusionProofs(IMerkleHashSource store, long treeSize)
{
    public async Task<IReadOnlyList<InclusionProof>> ProveAsync(IReadOnlyList<long> leafIndexes, CancellationToken ct)
    {
        if (leafIndexes.Count == 0) return [];
        var shapes = new List<IReadOnlyList<MerkleNodeId>[]>(leafIndexes.Count);
        var needed = new HashSet<MerkleNodeId>();
        foreach (var leaf in leafIndexes)
        {
            var parts = MerkleProofShape.Inclusion(leaf, treeSize).Select(r => r.PerfectParts()).ToArray();
            shapes.Add(parts);
            foreach (var part in parts.SelectMany(p => p)) needed.UnionWith(MerkleNodeLayout.Sources(part));
        }
        var stored = await store.ReadAsync(needed, ct);
        var nodes = new Dictionary<MerkleNodeId, byte[]>(stored);
        var proofs = new InclusionProof[leafIndexes.Count];
        for (var i = 0; i < proofs.Length; i++)
        {
            var path = new byte[shapes[i].Length][];
            for (var j = 0; j < path.Length; j++)
            {
                var parts = shapes[i][j];
                var hash = NodeHash(parts[^1], nodes);
                for (var k = parts.Count - 2; k >= 0; k--) hash = MerkleHasher.HashChildren(NodeHash(parts[k], nodes), hash);
                path[j] = hash;
            }
            proofs[i] = new InclusionProof(leafIndexes[i], treeSize, path);
        }
        return proofs;
    }

    /// <summary>A perfect subtree's hash: stored, or built from its two halves and remembered.</summary>
    private static byte[] NodeHash(MerkleNodeId id, Dictionary<MerkleNodeId, byte[]> nodes)
    {
        if (nodes.TryGetValue(id, out var hash)) return hash;
        if (id.Level == 0 || MerkleNodeLayout.IsStored(id.Level)) throw new MerkleDataMissingException(id);
        hash = MerkleHasher.HashChildren(
            NodeHash(new MerkleNodeId(id.Level - 1, id.Index * 2), nodes),
            NodeHash(new MerkleNodeId(id.Level - 1, id.Index * 2 + 1), nodes));
        nodes[id] = hash;
        return hash;
    }
}
