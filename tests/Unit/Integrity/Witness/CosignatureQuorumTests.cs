using System.Security.Cryptography;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Tests.Unit.Integrity.Witness;

/// <summary>A quorum counts only valid cosignatures by the given witness keys; an altered one invalidates the note.</summary>
public sealed class CosignatureQuorumTests : IDisposable
{
    private readonly CheckpointSigningKey _log = CheckpointSigningKey.Generate("auditexplorer");
    private readonly WitnessSigningKey _w1 = WitnessSigningKey.Generate("witness.example/w1");
    private readonly WitnessSigningKey _w2 = WitnessSigningKey.Generate("witness.example/w2");

    public void Dispose()
    {
        _log.Dispose();
        _w1.Dispose();
        _w2.Dispose();
    }

    private string CosignedNote(params WitnessSigningKey[] witnesses)
    {
        var signed = _log.SignCheckpoint(new CheckpointBody("auditexplorer/acme", 9, SHA256.HashData("q"u8)));
        return new SignedNote(signed.Text, [.. signed.Signatures, .. witnesses.Select(w => w.Cosign(signed.Text, 1_700_000_000))]).ToString();
    }

    [Fact]
    public void Quorum_is_met_by_enough_distinct_trusted_witnesses_and_not_by_foreign_ones()
    {
        var note = CosignedNote(_w1);

        Assert.True(CosignatureQuorum.Check(note, [_w1.VerifierKey], 1).Met);
        Assert.True(CosignatureQuorum.Check(note, [_w1.VerifierKey, _w2.VerifierKey], 1).Met);
        var missed = CosignatureQuorum.Check(note, [_w1.VerifierKey, _w2.VerifierKey], 2);
        Assert.False(missed.Met);
        Assert.False(missed.Invalid);
        Assert.False(CosignatureQuorum.Check(note, [_w2.VerifierKey], 1).Met);
        Assert.True(CosignatureQuorum.Check(CosignedNote(_w1, _w2), [_w1.VerifierKey, _w2.VerifierKey], 2).Met);
    }

    [Fact]
    public void An_altered_cosignature_by_a_trusted_witness_makes_the_note_invalid()
    {
        var note = CosignedNote(_w1);
        var parsed = SignedNote.Parse(note);
        var line = parsed.Signatures[^1];
        var altered = (byte[])line.Signature.Clone();
        altered[^1] ^= 1;
        var tampered = new SignedNote(parsed.Text, [parsed.Signatures[0], line with { Signature = altered }]).ToString();

        var result = CosignatureQuorum.Check(tampered, [_w1.VerifierKey], 1);

        Assert.False(result.Met);
        Assert.True(result.Invalid);
        Assert.True(CosignatureQuorum.Check(note, [_w1.VerifierKey], 1).Met);
    }
}
