namespace AuditExplorer.Data.Integrity;

/// <summary>Reads stored hashes: level 0 = leaf hashes, levels of <see cref="MerkleNodeLayout.IsStored"/> = interior nodes.</summary>
public interface IMerkleHashSource
{
    /// <summary>Returns a hash for every requested id; throws <see cref="MerkleDataMissingException"/> when one is absent.</summary>
    Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> ids, CancellationToken ct);
}
