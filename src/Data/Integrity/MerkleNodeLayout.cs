namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Which perfect-subtree hashes are stored (docs/verification.md): leaves live in audit.seals,
/// interior nodes only at every fourth level (4, 8, 12, ...) in audit.merkle_nodes. Any other node
/// is rebuilt from at most 8 stored hashes one stored level below it, so a proof at 10M leaves
/// reads a few hundred small rows while storage stays at about 1/15 of the leaf count.
/// </summary>
public static class MerkleNodeLayout
{
    public const int Stride = 4;

    public static bool IsStored(int level) => level > 0 && level % Stride == 0;

    /// <summary>The stored level a node is rebuilt from (0 = leaf hashes in audit.seals).</summary>
    public static int SourceLevel(int level) => level - level % Stride;

    /// <summary>The stored hashes (left to right) whose perfect tree is <paramref name="node"/>.</summary>
    public static IEnumerable<MerkleNodeId> Sources(MerkleNodeId node)
    {
        var source = SourceLevel(node.Level);
        var width = 1L << (node.Level - source);
        var first = node.Index << (node.Level - source);
        for (var i = 0L; i < width; i++) yield return new MerkleNodeId(source, first + i);
    }

    /// <summary>Folds 2^k sibling hashes, left to right, into their perfect subtree's root.</summary>
    public static byte[] Fold(IReadOnlyList<byte[]> hashes)
    {
        var level = hashes.ToArray();
        var count = level.Length;
        while (count > 1)
        {
            for (var i = 0; i < count / 2; i++) level[i] = MerkleHasher.HashChildren(level[2 * i], level[2 * i + 1]);
            count /= 2;
        }
        return level[0];
    }
}
