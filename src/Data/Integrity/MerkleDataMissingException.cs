namespace AuditExplorer.Data.Integrity;

/// <summary>A stored Merkle hash a proof needs is not there (the tree is smaller than asked, or rows were removed).</summary>
public sealed class MerkleDataMissingException(MerkleNodeId node)
    : Exception($"Merkle hash at level {node.Level}, index {node.Index} is missing")
{
    public MerkleNodeId Node { get; } = node;
}
