namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The right edge of a growing Merkle tree: one hash per set bit of the size. Appending a leaf
/// merges equal-sized subtrees, reporting each completed subtree at a stored level so the sealer
/// can write it; the root is the right fold of the edge.
/// </summary>
public sealed class CompactMerkleRange
{
    private readonly List<(int Level, byte[] Hash)> _edge = [];

    public long Size { get; private set; }

    private CompactMerkleRange(long size) => Size = size;

    public static CompactMerkleRange Empty() => new(0);

    /// <summary>Resumes a tree of <paramref name="size"/> leaves from the hashes of <see cref="EdgeNodes"/>, in that order.</summary>
    public static CompactMerkleRange Resume(long size, IReadOnlyList<byte[]> edgeHashes)
    {
        var nodes = EdgeNodes(size);
        if (nodes.Count != edgeHashes.Count) throw new ArgumentException("one hash per edge node is required", nameof(edgeHashes));
        var range = new CompactMerkleRange(size);
        for (var i = 0; i < nodes.Count; i++) range._edge.Add((nodes[i].Level, edgeHashes[i]));
        return range;
    }

    /// <summary>The perfect subtrees a tree of <paramref name="size"/> leaves consists of, left (largest) to right.</summary>
    public static IReadOnlyList<MerkleNodeId> EdgeNodes(long size) => new MerkleRange(0, size).PerfectParts();

    /// <summary>An independent range with the same size and edge (the hashes are never changed in place, so they are shared).</summary>
    public CompactMerkleRange Copy()
    {
        var copy = new CompactMerkleRange(Size);
        copy._edge.AddRange(_edge);
        return copy;
    }

    public void Append(byte[] leafHash, Action<MerkleNodeId, byte[]>? onStoredNode = null) =>
        Push(new MerkleNodeId(0, Size), leafHash, onStoredNode);

    /// <summary>
    /// Appends a whole perfect subtree whose first leaf is the next one (the node's start must be
    /// <see cref="Size"/>): the step a range proof takes for the hashes right of its leaves.
    /// </summary>
    public void AppendSubtree(MerkleNodeId node, byte[] hash)
    {
        if (node.Start != Size) throw new ArgumentException($"subtree {node} does not start at leaf {Size}", nameof(node));
        Push(node, hash, null);
    }

    /// <summary>Adds a subtree starting at <see cref="Size"/>, merging equal-sized neighbours on the edge.</summary>
    private void Push(MerkleNodeId node, byte[] hash, Action<MerkleNodeId, byte[]>? onStoredNode)
    {
        var level = node.Level;
        var end = node.End;
        while (_edge.Count > 0 && _edge[^1].Level == level)
        {
            hash = MerkleHasher.HashChildren(_edge[^1].Hash, hash);
            _edge.RemoveAt(_edge.Count - 1);
            level++;
            if (onStoredNode is not null && MerkleNodeLayout.IsStored(level))
                onStoredNode(new MerkleNodeId(level, (end >> level) - 1), hash);
        }
        _edge.Add((level, hash));
        Size = end;
    }

    public byte[] Root()
    {
        if (_edge.Count == 0) return MerkleHasher.EmptyRoot();
        var root = _edge[^1].Hash;
        for (var i = _edge.Count - 2; i >= 0; i--) root = MerkleHasher.HashChildren(_edge[i].Hash, root);
        return root;
    }
}
