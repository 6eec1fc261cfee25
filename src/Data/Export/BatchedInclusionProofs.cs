using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Inclusion proofs for many leaves with one read of stored hashes per batch: the hashes every
/// proof needs are collected, read together and shared, instead of a round trip per event.
/// </summary>
public sealed class BatchedInclusionProofs(IMerkleHashSource store, long treeSize)
{
    public async Task<IReadOnlyList<InclusionProof>> ProveAsync(IReadOnlyList<long> leafIndexes, CancellationToken ct)
    {
        if (leafIndexes.Count == 0) return [];
        var needed = new HashSet<MerkleNodeId>();
        foreach (var leaf in leafIndexes)
            foreach (var range in MerkleProofShape.Inclusion(leaf, treeSize))
                foreach (var part in range.PerfectParts())
                    needed.UnionWith(MerkleNodeLayout.Sources(part));
        var hashes = await store.ReadAsync(needed, ct);
        var reader = new MerkleTreeReader(new Prefetched(hashes));
        var proofs = new InclusionProof[leafIndexes.Count];
        for (var i = 0; i < proofs.Length; i++) proofs[i] = await reader.InclusionProofAsync(leafIndexes[i], treeSize, ct);
        return proofs;
    }

    private sealed class Prefetched(IReadOnlyDictionary<MerkleNodeId, byte[]> hashes) : IMerkleHashSource
    {
        public Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> ids, CancellationToken ct)
        {
            foreach (var id in ids)
                if (!hashes.ContainsKey(id)) throw new MerkleDataMissingException(id);
            return Task.FromResult(hashes);
        }
    }
}
