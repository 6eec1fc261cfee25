using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Tests.Unit.Integrity;

namespace AuditExplorer.Tests.Unit.Export;

public sealed class BatchedInclusionProofsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(300)]
    public async Task Batched_proofs_equal_the_RFC_6962_paths_of_a_naive_tree(int size)
    {
        var leaves = Enumerable.Range(0, size).Select(NaiveMerkleTree.Leaf).ToList();
        var store = InMemoryMerkleHashes.Build(leaves);
        var indexes = Enumerable.Range(0, size).Where(i => i % 7 == 0 || i == size - 1).Select(i => (long)i).ToList();

        var proofs = await new BatchedInclusionProofs(store, size).ProveAsync(indexes, default);

        var root = NaiveMerkleTree.Mth(leaves);
        for (var i = 0; i < indexes.Count; i++)
        {
            var expected = NaiveMerkleTree.Path((int)indexes[i], leaves);
            Assert.Equal(expected.Select(Convert.ToHexString), proofs[i].Path.Select(Convert.ToHexString));
            Assert.True(MerkleProofVerifier.VerifyInclusion(leaves[(int)indexes[i]], indexes[i], size, proofs[i].Path, root));
        }
    }
}
