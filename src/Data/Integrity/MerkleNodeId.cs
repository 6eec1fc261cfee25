namespace AuditExplorer.Data.Integrity;

/// <summary>A perfect subtree: the node at <paramref name="Level"/> (0 = leaf) covering leaves [Index·2^Level, (Index+1)·2^Level).</summary>
public readonly record struct MerkleNodeId(int Level, long Index)
{
    public long Start => Index << Level;
    public long End => (Index + 1) << Level;
}
