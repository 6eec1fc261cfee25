using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Tests.Unit.Integrity.Witness;

/// <summary>Cosignatures follow c2sp.org/tlog-cosignature (cosignature/v1, Ed25519, type 0x04) byte for byte.</summary>
public sealed class CosignatureTests
{
    // The example of c2sp.org/tlog-cosignature: its checkpoint, its witness line, and the message it shows for time 1679315147.
    private const string SpecCheckpoint = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    private const string SpecWitnessLine = "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

    private static readonly CheckpointBody Body = new("auditexplorer/acme", 4242, SHA256.HashData("cosign"u8));

    [Fact]
    public void The_spec_example_cosignature_carries_the_time_of_the_spec_message_before_its_signature()
    {
        var line = SignedNote.Parse(SpecCheckpoint + "\n" + SpecWitnessLine).Signatures.Single();

        Assert.Equal("witness.example.com/w1", line.KeyName);
        Assert.Equal(Cosignature.SignatureLength, line.Signature.Length);
        Assert.Equal(1679315147, Cosignature.TimestampOf(line));
    }

    [Fact]
    public void The_signed_message_is_the_header_the_time_line_and_the_whole_checkpoint_text()
    {
        var expected = "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

        Assert.Equal(expected, Encoding.UTF8.GetString(Cosignature.SignedMessage(SpecCheckpoint, 1679315147)));
        Assert.NotEqual(expected, Encoding.UTF8.GetString(Cosignature.SignedMessage(SpecCheckpoint, 1679315148)));
    }

    [Fact]
    public void The_key_id_hashes_name_newline_type_0x04_and_the_key()
    {
        using var key = WitnessSigningKey.Generate("witness.example/w1");
        var input = Encoding.UTF8.GetBytes("witness.example/w1\n").Concat(new byte[] { 0x04 }).Concat(key.VerifierKey.PublicKey).ToArray();
        var asNoteKey = CheckpointVerifierKey.Ed25519("witness.example/w1", key.VerifierKey.PublicKey);

        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input)), key.VerifierKey.KeyId);
        Assert.NotEqual(asNoteKey.KeyId, key.VerifierKey.KeyId); // the 0x01 id of the same key differs
        Assert.StartsWith("witness.example/w1+" + key.VerifierKey.KeyId.ToString("x8") + "+B", key.VerifierKey.ToString()); // base64 of 0x04…
    }

    [Fact]
    public void A_cosignature_holds_the_timestamp_big_endian_and_verifies_only_over_the_same_text()
    {
        using var key = WitnessSigningKey.Generate("witness.example/w1");
        var line = key.Cosign(Body.ToText(), 1_700_000_000);

        Assert.Equal(1_700_000_000UL, BinaryPrimitives.ReadUInt64BigEndian(line.Signature));
        Assert.Equal(1_700_000_000, key.VerifierKey.Verify(Body.ToText(), line));
        Assert.Null(key.VerifierKey.Verify(Body.ToText().Replace("4242", "4243"), line));
        var otherTime = (byte[])line.Signature.Clone();
        otherTime[7] ^= 1;
        Assert.Null(key.VerifierKey.Verify(Body.ToText(), line with { Signature = otherTime }));
        using var other = WitnessSigningKey.Generate("witness.example/w1");
        Assert.Null(other.VerifierKey.Verify(Body.ToText(), line));
    }

    [Fact]
    public void A_witness_key_round_trips_through_its_text_form_and_rejects_a_log_key()
    {
        using var key = WitnessSigningKey.Generate("witness.example/w1");
        using var logKey = CheckpointSigningKey.Generate("auditexplorer");

        Assert.Equal(key.VerifierKey.ToString(), WitnessVerifierKey.Parse(key.VerifierKey.ToString()).ToString());
        Assert.Throws<FormatException>(() => WitnessVerifierKey.Parse(logKey.VerifierKey.ToString()));
        using var reloaded = WitnessSigningKey.FromPem("witness.example/w1", key.ExportPem());
        Assert.Equal(key.VerifierKey.ToString(), reloaded.VerifierKey.ToString());
    }

    [Fact]
    public void Node_verifies_the_0x04_cosignature_over_the_exact_message_and_rejects_an_altered_checkpoint()
    {
        using var logKey = CheckpointSigningKey.Generate("auditexplorer");
        using var witness = WitnessSigningKey.Generate("witness.example/w1");
        var signed = logKey.SignCheckpoint(Body);
        var cosigned = new SignedNote(signed.Text, [.. signed.Signatures, witness.Cosign(signed.Text, 1_700_000_123)]).ToString();
        var dir = Directory.CreateTempSubdirectory("ae-cosign-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "note.txt"), cosigned);
            File.WriteAllText(Path.Combine(dir, "tampered.txt"), cosigned.Replace("\n4242\n", "\n4243\n"));

            var (ok, output) = Node("verify-cosignature.mjs", Path.Combine(dir, "note.txt"), witness.VerifierKey.ToString());
            var (tampered, _) = Node("verify-cosignature.mjs", Path.Combine(dir, "tampered.txt"), witness.VerifierKey.ToString());

            Assert.True(ok == 0, output);
            Assert.Contains("at 1700000123", output);
            Assert.Equal(1, tampered);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (int Exit, string Output) Node(string script, params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestFiles.RepoRoot(), "tests", "Unit", "Integrity", "node", script));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (Node.js must be on PATH)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"node {script} did not finish");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
