using System.Security.Cryptography;
using System.Text;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Tests.Unit.Integrity.Witness;

/// <summary>The witness answers add-checkpoint as c2sp.org/tlog-witness says, and cosigns only consistent growth.</summary>
public sealed class CheckpointWitnessTests : IDisposable
{
    private const string Origin = "auditexplorer/acme";
    private readonly CheckpointSigningKey _log = CheckpointSigningKey.Generate("auditexplorer");
    private readonly WitnessSigningKey _key = WitnessSigningKey.Generate("witness.example/w1");
    private readonly string _statePath = Path.Combine(Directory.CreateTempSubdirectory("ae-witness-").FullName, "witness.state");
    private WitnessStateFile _state;
    private CheckpointWitness _witness;

    public CheckpointWitnessTests()
    {
        _state = WitnessStateFile.Open(_statePath);
        _witness = NewWitness();
    }

    private CheckpointWitness NewWitness() => new(_key, new CheckpointKeyring([_log.VerifierKey]), _state);

    public void Dispose()
    {
        _state.Dispose();
        _log.Dispose();
        _key.Dispose();
        Directory.Delete(Path.GetDirectoryName(_statePath)!, true);
    }

    private static List<byte[]> Leaves(int count, string prefix = "leaf") =>
        Enumerable.Range(0, count).Select(i => MerkleHasher.HashLeaf(Encoding.UTF8.GetBytes(prefix + i))).ToList();

    private static async Task<(byte[] Root, IReadOnlyList<byte[]> Proof)> TreeAsync(List<byte[]> leaves, long size, long oldSize)
    {
        var tree = new MerkleTreeReader(InMemoryMerkleHashes.Build(leaves));
        var root = await tree.RootAsync(size, default);
        var proof = oldSize == 0 || oldSize >= size ? [] : (await tree.ConsistencyProofAsync(oldSize, size, default)).Path;
        return (root, proof);
    }

    private string Note(long size, byte[] root, CheckpointSigningKey? signer = null) =>
        (signer ?? _log).SignCheckpoint(new CheckpointBody(Origin, size, root)).ToString();

    private async Task<WitnessResponse> AddAsync(List<byte[]> leaves, long size, long oldSize, CheckpointSigningKey? signer = null)
    {
        var (root, proof) = await TreeAsync(leaves, size, oldSize);
        return _witness.AddCheckpoint(new AddCheckpointRequest(oldSize, proof, Note(size, root, signer)).ToBody());
    }

    [Fact]
    public async Task Witness_cosigns_a_first_checkpoint_and_then_consistent_growth_with_valid_cosignatures()
    {
        var leaves = Leaves(20);
        var first = await AddAsync(leaves, 7, 0);
        var grown = await AddAsync(leaves, 20, 7);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, grown.Status);
        var (root, _) = await TreeAsync(leaves, 20, 0);
        var cosigned = SignedNote.Parse(Note(20, root) + grown.Body);
        Assert.NotNull(_key.VerifierKey.Verify(cosigned.Text, cosigned.Signatures.Last()));
        Assert.Equal(20, _state.Latest(Origin)!.TreeSize);
    }

    [Fact]
    public async Task Witness_answers_409_with_its_size_when_the_old_size_is_not_what_it_cosigned()
    {
        var leaves = Leaves(20);
        Assert.Equal(200, (await AddAsync(leaves, 10, 0)).Status);

        var stale = await AddAsync(leaves, 20, 0);
        var wrong = await AddAsync(leaves, 20, 5);

        Assert.Equal(409, stale.Status);
        Assert.Equal("10\n", stale.Body);
        Assert.Equal("text/x.tlog.size", stale.ContentType);
        Assert.Equal(409, wrong.Status);
        Assert.Equal(200, (await AddAsync(leaves, 20, 10)).Status);
    }

    [Fact]
    public async Task Witness_refuses_a_checkpoint_without_a_valid_consistency_proof_with_422()
    {
        var leaves = Leaves(20);
        Assert.Equal(200, (await AddAsync(leaves, 10, 0)).Status);
        // A forged history: the same first 6 leaves, then others, correctly hashed and signed by the log key.
        var forged = Leaves(6).Concat(Leaves(14, "forged")).ToList();

        var answer = await AddAsync(forged, 20, 10);

        Assert.Equal(422, answer.Status);
        Assert.Equal(10, _state.Latest(Origin)!.TreeSize);
    }

    [Fact]
    public async Task Witness_refuses_a_smaller_tree_and_another_root_at_the_same_size()
    {
        var leaves = Leaves(20);
        Assert.Equal(200, (await AddAsync(leaves, 20, 0)).Status);

        var rolledBack = await AddAsync(leaves, 15, 15);
        var claimsOld20 = await AddAsync(leaves, 15, 20);
        var forkedSameSize = await AddAsync(Leaves(20, "other"), 20, 20);

        Assert.Equal(409, rolledBack.Status);
        Assert.Equal("20\n", rolledBack.Body);
        Assert.Equal(400, claimsOld20.Status); // old size above the checkpoint size
        Assert.Equal(409, forkedSameSize.Status);
        Assert.Equal(200, (await AddAsync(leaves, 20, 20)).Status); // the same checkpoint again is fine
    }

    [Fact]
    public async Task Witness_answers_403_for_a_foreign_signature_404_for_an_unknown_origin_and_400_for_malformed_bodies()
    {
        var leaves = Leaves(5);
        using var foreign = CheckpointSigningKey.Generate("auditexplorer");
        var (root, _) = await TreeAsync(leaves, 5, 0);
        var otherOrigin = _log.SignCheckpoint(new CheckpointBody("other.example/log", 5, root)).ToString();

        Assert.Equal(403, (await AddAsync(leaves, 5, 0, foreign)).Status);
        Assert.Equal(404, _witness.AddCheckpoint(new AddCheckpointRequest(0, [], otherOrigin).ToBody()).Status);
        Assert.Equal(400, _witness.AddCheckpoint("old 01\n\n" + Note(5, root)).Status);
        Assert.Equal(400, _witness.AddCheckpoint("old 0\nnot-base64!\n\n" + Note(5, root)).Status);
        Assert.Equal(400, _witness.AddCheckpoint("old 0\n" + Note(5, root)).Status);
        Assert.Equal(400, _witness.AddCheckpoint(new AddCheckpointRequest(0, [SHA256.HashData("x"u8)], Note(5, root)).ToBody()).Status);
        Assert.Equal(400, _witness.AddCheckpoint(new AddCheckpointRequest(0, Enumerable.Repeat(root, 64).ToList(), Note(5, root)).ToBody()).Status);
        Assert.Null(_state.Latest(Origin));
        Assert.Equal(200, (await AddAsync(leaves, 5, 0)).Status);
    }

    [Fact]
    public async Task A_restarted_witness_keeps_its_state_and_a_file_that_goes_backwards_is_refused()
    {
        var leaves = Leaves(20);
        Assert.Equal(200, (await AddAsync(leaves, 12, 0)).Status);
        Assert.Throws<IOException>(() => WitnessStateFile.Open(_statePath)); // a second process cannot share the state
        _state.Dispose();

        _state = WitnessStateFile.Open(_statePath);
        _witness = NewWitness();
        var fresh = await AddAsync(leaves, 20, 0);

        Assert.Equal(409, fresh.Status);
        Assert.Equal("12\n", fresh.Body);
        _state.Dispose();
        File.AppendAllText(_statePath, $"{Origin} 3 {Convert.ToBase64String(leaves[0])}\n");
        Assert.Throws<InvalidDataException>(() => WitnessStateFile.Open(_statePath));
        _state = WitnessStateFile.Open(Path.Combine(Path.GetDirectoryName(_statePath)!, "other.state"));
    }
}
