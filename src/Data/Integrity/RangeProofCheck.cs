namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Checks a <see cref="RangeProof"/> while the leaves stream past, holding only the tree's right
/// edge (O(log n) hashes): add each leaf of the span in order, then <see cref="Finish"/> with the
/// checkpoint's root.
/// </summary>
public sealed class RangeProofCheck
{
    private readonly RangeProof _proof;
    private readonly CompactMerkleRange _tree;
    private bool _finished;

    /// <summary>Starts a check; null with <paramref name="problem"/> when the proof's shape is wrong.</summary>
    public static RangeProofCheck? Start(RangeProof proof, out string? problem)
    {
        problem = proof.ShapeProblem();
        return problem is null ? new RangeProofCheck(proof) : null;
    }

    private RangeProofCheck(RangeProof proof)
    {
        _proof = proof;
        _tree = CompactMerkleRange.Resume(proof.Start, proof.Left);
    }

    /// <summary>The index the next leaf must have.</summary>
    public long NextLeaf => _tree.Size;

    public void Add(byte[] leafHash)
    {
        if (_tree.Size >= _proof.End) throw new InvalidOperationException($"the span [{_proof.Start}, {_proof.End}) is already complete");
        _tree.Append(leafHash);
    }

    /// <summary>Null when every leaf of the span was added and they lead to <paramref name="root"/>; else what is wrong.</summary>
    public string? Finish(byte[] root)
    {
        if (_finished) throw new InvalidOperationException("a range proof check finishes once");
        _finished = true;
        if (_tree.Size != _proof.End) return $"only leaves [{_proof.Start}, {_tree.Size}) of [{_proof.Start}, {_proof.End}) were added";
        var nodes = RangeProof.RightNodes(_proof.End, _proof.TreeSize);
        for (var i = 0; i < nodes.Count; i++) _tree.AppendSubtree(nodes[i], _proof.Right[i]);
        return _tree.Root().AsSpan().SequenceEqual(root) ? null : "the leaves and the proof's hashes do not lead to the checkpoint root";
    }
}
