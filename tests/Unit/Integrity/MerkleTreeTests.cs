using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

public sealed class MerkleTreeTests
{
    private static readonly List<byte[]> Leaves = Enumerable.Range(0, 70).Select(NaiveMerkleTree.Leaf).ToList();

    [Fact]
    public void Compact_range_root_equals_the_naive_root_at_every_size()
    {
        var tree = CompactMerkleRange.Empty();
        Assert.Equal(NaiveMerkleTree.Mth([]), tree.Root());
        for (var n = 1; n <= Leaves.Count; n++)
        {
            tree.Append(Leaves[n - 1]);
            Assert.Equal(NaiveMerkleTree.Mth(Leaves.Take(n).ToList()), tree.Root());
        }
    }

    [Fact]
    public void Stored_nodes_are_the_naive_hashes_of_their_leaf_ranges()
    {
        var leaves = Enumerable.Range(0, 300).Select(NaiveMerkleTree.Leaf).ToList();
        var store = InMemoryMerkleHashes.Build(leaves);
        var interior = store.Stored.Where(s => s.Key.Level > 0).ToList();
        Assert.Equal(300 / 16, interior.Count(s => s.Key.Level == 4));
        Assert.Equal(1, interior.Count(s => s.Key.Level == 8));
        Assert.Equal(300 / 16 + 1, interior.Count);
        foreach (var (id, hash) in interior)
            Assert.Equal(NaiveMerkleTree.Mth(leaves.Skip((int)id.Start).Take((int)(id.End - id.Start)).ToList()), hash);
    }

    [Fact]
    public async Task Resumed_tree_keeps_growing_like_the_naive_one()
    {
        var store = InMemoryMerkleHashes.Build(Leaves.Take(37).ToList());
        var edge = await new MerkleTreeReader(store).PerfectNodesAsync(CompactMerkleRange.EdgeNodes(37), default);
        var tree = CompactMerkleRange.Resume(37, edge);
        for (var n = 38; n <= Leaves.Count; n++) tree.Append(Leaves[n - 1]);
        Assert.Equal(NaiveMerkleTree.Mth(Leaves), tree.Root());
    }

    [Fact]
    public async Task Inclusion_proofs_equal_the_naive_audit_paths_and_verify()
    {
        var reader = new MerkleTreeReader(InMemoryMerkleHashes.Build(Leaves));
        foreach (var n in new[] { 1, 2, 3, 5, 8, 16, 17, 31, 33, 64, 70 })
        {
            var d = Leaves.Take(n).ToList();
            var root = NaiveMerkleTree.Mth(d);
            Assert.Equal(root, await reader.RootAsync(n, default));
            for (var m = 0; m < n; m++)
            {
                var proof = await reader.InclusionProofAsync(m, n, default);
                Assert.Equal(NaiveMerkleTree.Path(m, d), proof.Path);
                Assert.True(MerkleProofVerifier.VerifyInclusion(d[m], m, n, proof.Path, root));
            }
        }
    }

    [Fact]
    public async Task Consistency_proofs_equal_the_naive_proofs_and_verify()
    {
        var reader = new MerkleTreeReader(InMemoryMerkleHashes.Build(Leaves));
        for (var n = 1; n <= Leaves.Count; n += 3)
        {
            var newRoot = NaiveMerkleTree.Mth(Leaves.Take(n).ToList());
            for (var m = 1; m <= n; m++)
            {
                var proof = await reader.ConsistencyProofAsync(m, n, default);
                Assert.Equal(NaiveMerkleTree.Proof(m, Leaves.Take(n).ToList()), proof.Path);
                Assert.True(MerkleProofVerifier.VerifyConsistency(m, n, proof.Path, NaiveMerkleTree.Mth(Leaves.Take(m).ToList()), newRoot),
                    $"consistency {m} -> {n}");
            }
        }
    }

    [Fact]
    public async Task Tampered_inclusion_proof_is_rejected()
    {
        var reader = new MerkleTreeReader(InMemoryMerkleHashes.Build(Leaves));
        var root = NaiveMerkleTree.Mth(Leaves);
        var proof = await reader.InclusionProofAsync(21, Leaves.Count, default);
        var tampered = proof.Path.Select(p => (byte[])p.Clone()).ToList();
        tampered[2][0] ^= 1;

        Assert.False(MerkleProofVerifier.VerifyInclusion(Leaves[21], 21, Leaves.Count, tampered, root));
        Assert.False(MerkleProofVerifier.VerifyInclusion(Leaves[22], 21, Leaves.Count, proof.Path, root));
        Assert.False(MerkleProofVerifier.VerifyInclusion(Leaves[21], 20, Leaves.Count, proof.Path, root));
        Assert.False(MerkleProofVerifier.VerifyInclusion(Leaves[21], 21, Leaves.Count, proof.Path.Take(proof.Path.Count - 1).ToList(), root));
    }

    [Fact]
    public async Task Consistency_proof_for_a_rewritten_history_is_rejected()
    {
        var reader = new MerkleTreeReader(InMemoryMerkleHashes.Build(Leaves));
        var proof = await reader.ConsistencyProofAsync(20, 70, default);
        var rewritten = Leaves.Take(20).ToList();
        rewritten[5] = NaiveMerkleTree.Leaf(999);

        Assert.False(MerkleProofVerifier.VerifyConsistency(20, 70, proof.Path, NaiveMerkleTree.Mth(rewritten), NaiveMerkleTree.Mth(Leaves)));
        Assert.False(MerkleProofVerifier.VerifyConsistency(21, 70, proof.Path, NaiveMerkleTree.Mth(Leaves.Take(21).ToList()), NaiveMerkleTree.Mth(Leaves)));
    }

    [Fact]
    public async Task Missing_stored_hash_is_reported_not_guessed()
    {
        var store = InMemoryMerkleHashes.Build(Leaves.Take(10).ToList());
        var ex = await Assert.ThrowsAsync<MerkleDataMissingException>(() => new MerkleTreeReader(store).RootAsync(12, default));
        Assert.Equal(0, ex.Node.Level);
    }
}
