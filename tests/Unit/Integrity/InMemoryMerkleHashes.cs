using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>Stores what the sealer would store (leaves and every completed stored-level node) in memory.</summary>
internal sealed class InMemoryMerkleHashes : IMerkleHashSource
{
    public Dictionary<MerkleNodeId, byte[]> Stored { get; } = [];

    public static InMemoryMerkleHashes Build(IReadOnlyList<byte[]> leaves)
    {
        var store = new InMemoryMerkleHashes();
        var tree = CompactMerkleRange.Empty();
        for (var i = 0; i < leaves.Count; i++)
        {
            store.Stored[new MerkleNodeId(0, i)] = leaves[i];
            tree.Append(leaves[i], (id, h) => store.Stored[id] = h);
        }
        return store;
    }

    public Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> ids, CancellationToken ct)
    {
        var result = new Dictionary<MerkleNodeId, byte[]>();
        foreach (var id in ids)
            result[id] = Stored.TryGetValue(id, out var h) ? h : throw new MerkleDataMissingException(id);
        return Task.FromResult<IReadOnlyDictionary<MerkleNodeId, byte[]>>(result);
    }
}
