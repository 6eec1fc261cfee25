using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>
/// Range proofs against the naive RFC 6962 root (NaiveMerkleTree.Mth): every span of every tree up
/// to 40 leaves verifies from stored hashes, and any changed, missing, extra or reordered leaf, a
/// changed proof hash or a wrong root fails.
/// </summary>
public sealed class RangeProofTests
{
    private static List<byte[]> Leaves(int n) => Enumerable.Range(0, n).Select(NaiveMerkleTree.Leaf).ToList();

    private static async Task<RangeProof> ProveAsync(List<byte[]> leaves, long start, long end) =>
        await new MerkleTreeReader(InMemoryMerkleHashes.Build(leaves)).RangeProofAsync(start, end, leaves.Count, default);

    private static string? Check(RangeProof proof, IEnumerable<byte[]> span, byte[] root)
    {
        var check = RangeProofCheck.Start(proof, out var problem);
        if (check is null) return problem;
        foreach (var leaf in span) check.Add(leaf);
        return check.Finish(root);
    }

    [Fact]
    public async Task Every_span_of_every_tree_up_to_40_leaves_leads_to_the_RFC_6962_root()
    {
        for (var n = 1; n <= 40; n++)
        {
            var leaves = Leaves(n);
            var root = NaiveMerkleTree.Mth(leaves);
            for (var start = 0; start < n; start++)
                for (var end = start + 1; end <= n; end++)
                {
                    var proof = await ProveAsync(leaves, start, end);
                    Assert.Null(Check(proof, leaves.Skip(start).Take(end - start), root));
                }
        }
    }

    [Fact]
    public void A_span_of_a_million_leaves_in_a_tree_of_ten_million_is_proven_by_at_most_48_hashes()
    {
        var left = RangeProof.LeftNodes(4_000_000);
        var right = RangeProof.RightNodes(5_000_000, 10_000_000);
        Assert.Equal(long.PopCount(4_000_000), left.Count);
        Assert.InRange(left.Count + right.Count, 2, 48);
        // The right side tiles [end, size) exactly, each subtree aligned to its own size.
        Assert.Equal(5_000_000, right[0].Start);
        Assert.Equal(10_000_000, right[^1].End);
        for (var i = 1; i < right.Count; i++) Assert.Equal(right[i - 1].End, right[i].Start);
    }

    /// <summary>Leaves [5, 30) of a tree of 37, their proof and the tree's root.</summary>
    private static async Task<(List<byte[]> Leaves, byte[] Root, RangeProof Proof, List<byte[]> Span)> SpanOf37Async()
    {
        var leaves = Leaves(37);
        return (leaves, NaiveMerkleTree.Mth(leaves), await ProveAsync(leaves, 5, 30), leaves.Skip(5).Take(25).ToList());
    }

    [Fact]
    public async Task A_changed_missing_extra_or_reordered_leaf_fails()
    {
        var (leaves, root, proof, span) = await SpanOf37Async();
        Assert.Null(Check(proof, span, root));

        var changed = span.ToList();
        changed[7] = NaiveMerkleTree.Leaf(1000);
        Assert.Equal("the leaves and the proof's hashes do not lead to the checkpoint root", Check(proof, changed, root));
        Assert.StartsWith("only leaves [5, 29)", Check(proof, span.Take(24), root));
        var reordered = span.ToList();
        (reordered[3], reordered[4]) = (reordered[4], reordered[3]);
        Assert.NotNull(Check(proof, reordered, root));
        var check = RangeProofCheck.Start(proof, out _)!;
        foreach (var leaf in span) check.Add(leaf);
        Assert.Throws<InvalidOperationException>(() => check.Add(leaves[30]));
    }

    [Fact]
    public async Task A_changed_proof_hash_a_wrong_shape_or_another_root_fails()
    {
        var (leaves, root, proof, span) = await SpanOf37Async();

        var left = proof.Left.ToList();
        left[0] = NaiveMerkleTree.Leaf(999);
        Assert.NotNull(Check(proof with { Left = left }, span, root));
        var right = proof.Right.ToList();
        right[^1] = NaiveMerkleTree.Leaf(999);
        Assert.NotNull(Check(proof with { Right = right }, span, root));
        Assert.StartsWith("right holds", Check(proof with { Right = proof.Right.Skip(1).ToList() }, span, root));
        Assert.StartsWith("left holds", Check(proof with { Left = [.. proof.Left, root] }, span, root));
        Assert.StartsWith("leaves [5, 38)", Check(proof with { End = 38 }, span, root));
        Assert.NotNull(Check(proof with { TreeSize = 36, Right = proof.Right }, span, root));
        Assert.NotNull(Check(proof, span, NaiveMerkleTree.Mth(leaves.Take(36).ToList())));
    }
}
