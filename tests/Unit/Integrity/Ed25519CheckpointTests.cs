using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

public sealed class Ed25519CheckpointTests
{
    // The example key and note of golang.org/x/mod/sumdb/note (its package documentation and tests).
    private const string GoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string GoPrivateKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string GoText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string GoNote = GoText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private static readonly byte[] Root = SHA256.HashData("root"u8);

    [Fact]
    public void Key_id_follows_the_Go_note_rule_name_newline_type_key()
    {
        var key = CheckpointVerifierKey.Parse(GoVerifierKey);

        Assert.Equal(CheckpointVerifierKey.Ed25519Type, key.SignatureType);
        Assert.Equal(0xc74f20a3u, key.KeyId);
        var input = Encoding.UTF8.GetBytes("PeterNeumann\n").Concat(new byte[] { 0x01 }).Concat(key.PublicKey).ToArray();
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input)), key.KeyId);
        Assert.Equal(GoVerifierKey, key.ToString());
    }

    [Fact]
    public void Go_note_verifies_and_a_changed_text_does_not()
    {
        var ring = new CheckpointKeyring([CheckpointVerifierKey.Parse(GoVerifierKey)]);
        var note = SignedNote.Parse(GoNote);
        var key = ring.Keys[0];

        Assert.True(key.Verify(note.Text, note.Signatures[0]));
        Assert.False(key.Verify(note.Text.Replace("answer", "answers"), note.Signatures[0]));
    }

    [Fact]
    public void Signing_the_Go_example_with_its_private_key_gives_the_Go_signature_byte_for_byte()
    {
        var seed = Convert.FromBase64String(GoPrivateKey.Split('+', 5)[4])[1..];
        using var signer = Ed25519CheckpointSigningKey.FromSeed("PeterNeumann", seed);

        Assert.Equal(GoVerifierKey, signer.VerifierKey.ToString());
        Assert.Equal(GoNote, new SignedNote(GoText, [signer.Sign(GoText)]).ToString());
    }

    [Fact]
    public void New_keys_are_Ed25519_and_survive_a_PEM_round_trip()
    {
        using var key = CheckpointSigningKey.Generate("log.example");
        using var again = CheckpointSigningKey.FromPem("log.example", key.ExportPem());

        Assert.Equal(CheckpointVerifierKey.Ed25519Type, key.VerifierKey.SignatureType);
        Assert.Contains("BEGIN PRIVATE KEY", key.ExportPem());
        Assert.Equal(key.VerifierKey.ToString(), again.VerifierKey.ToString());
        var note = again.SignCheckpoint(new CheckpointBody("log.example/acme", 9, Root)).ToString();
        Assert.True(new CheckpointKeyring([key.VerifierKey]).Verify(note).IsValid);
    }

    [Fact]
    public void P256_PEM_keys_still_load_as_ECDSA()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = CheckpointSigningKey.FromPem("log.example", ecdsa.ExportECPrivateKeyPem());

        Assert.Equal(CheckpointVerifierKey.EcdsaP256Type, key.VerifierKey.SignatureType);
        Assert.StartsWith("log.example+", key.VerifierKey.ToString());
        Assert.Equal(0x02, Convert.FromBase64String(key.VerifierKey.ToString().Split('+', 3)[2])[0]);
    }

    [Fact]
    public void Checkpoints_are_signed_under_their_origin_and_verify_with_the_base_key_or_the_logs_own_key()
    {
        using var key = CheckpointSigningKey.Generate("log.example");
        var note = key.SignCheckpoint(new CheckpointBody("log.example/acme", 4, Root)).ToString();
        var signature = SignedNote.Parse(note).Signatures.Single();

        Assert.Equal("log.example/acme", signature.KeyName);
        Assert.Equal(key.VerifierKey.WithName("log.example/acme").KeyId, signature.KeyId);
        Assert.NotEqual(key.VerifierKey.KeyId, signature.KeyId);
        Assert.True(new CheckpointKeyring([key.VerifierKey]).Verify(note).IsValid);
        Assert.True(new CheckpointKeyring([CheckpointVerifierKey.Parse(key.VerifierKey.WithName("log.example/acme").ToString())]).Verify(note).IsValid);
        // A key vouches only for the logs under its own name.
        Assert.False(new CheckpointKeyring([key.VerifierKey.WithName("other")]).Verify(note).IsValid);
        Assert.False(new CheckpointKeyring([key.VerifierKey]).Verify(
            key.SignCheckpoint(new CheckpointBody("log.example.evil/acme", 4, Root)).ToString()).IsValid);
    }

    [Fact]
    public void Older_notes_signed_under_the_bare_key_name_still_verify()
    {
        using var p256 = CheckpointSigningKey.Generate("auditexplorer", CheckpointVerifierKey.EcdsaP256Type);
        var text = new CheckpointBody("auditexplorer/acme", 5000, Root).ToText();
        var legacy = new SignedNote(text, [p256.Sign(text)]).ToString();

        Assert.Contains("\n\u2014 auditexplorer ", legacy);
        Assert.True(new CheckpointKeyring([p256.VerifierKey]).Verify(legacy).IsValid);
    }

    [Fact]
    public void During_rotation_a_note_carries_both_signatures_and_each_key_alone_accepts_it()
    {
        using var ed = CheckpointSigningKey.Generate("log.example");
        using var p256 = CheckpointSigningKey.Generate("log.example", CheckpointVerifierKey.EcdsaP256Type);
        using var keys = new CheckpointKeys([ed, p256], new CheckpointKeyring([ed.VerifierKey, p256.VerifierKey]), new InMemorySignedCheckpointRecord());

        var note = keys.SignCheckpoint(new CheckpointBody("log.example/acme", 12, Root)).ToString();
        var signatures = SignedNote.Parse(note).Signatures;

        Assert.Equal(2, signatures.Count);
        Assert.True(new CheckpointKeyring([ed.VerifierKey]).Verify(note).IsValid);
        Assert.True(new CheckpointKeyring([p256.VerifierKey]).Verify(note).IsValid);
        Assert.True(keys.Keyring.Verify(note).IsValid);
        Assert.Equal(2, keys.Keyring.SignersOf(note).Count);
        // A trusted key whose signature fails rejects the note even when the other one verifies.
        var parsed = SignedNote.Parse(note);
        var bad = parsed.Signatures[1].Signature.ToArray();
        bad[^1] ^= 0x01;
        var broken = parsed with { Signatures = [parsed.Signatures[0], parsed.Signatures[1] with { Signature = bad }] };
        Assert.False(keys.Keyring.Verify(broken.ToString()).IsValid);
        Assert.True(new CheckpointKeyring([ed.VerifierKey]).Verify(broken.ToString()).IsValid);
    }

    [Fact]
    public void Configured_additional_keys_sign_every_checkpoint_too()
    {
        var folder = Directory.CreateTempSubdirectory("ae-keys-").FullName;
        try
        {
            using var current = CheckpointSigningKey.Generate("log.example");
            using var old = CheckpointSigningKey.Generate("log.example", CheckpointVerifierKey.EcdsaP256Type);
            File.WriteAllText(Path.Combine(folder, "current.pem"), current.ExportPem());
            File.WriteAllText(Path.Combine(folder, "old.pem"), old.ExportPem());

            using var keys = CheckpointKeys.Load(new CheckpointKeyOptions
            {
                KeyName = "log.example", KeyPath = Path.Combine(folder, "current.pem"), AdditionalKeyPaths = [Path.Combine(folder, "old.pem")],
            });
            var note = keys.SignCheckpoint(new CheckpointBody("log.example/acme", 3, Root)).ToString();

            Assert.Equal(current.VerifierKey.ToString(), keys.Signer.VerifierKey.ToString());
            Assert.Equal(2, SignedNote.Parse(note).Signatures.Count);
            Assert.True(new CheckpointKeyring([old.VerifierKey]).Verify(note).IsValid);
            Assert.Equal(Path.Combine(folder, "current.pem") + ".signed.log", keys.SignedRecord.Location);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Wrong_length_Ed25519_signatures_and_keys_are_rejected()
    {
        var key = CheckpointVerifierKey.Parse(GoVerifierKey);
        var sig = SignedNote.Parse(GoNote).Signatures[0];

        Assert.False(key.Verify(GoText, sig with { Signature = sig.Signature[..63] }));
        Assert.Throws<FormatException>(() => CheckpointVerifierKey.Parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10="));
        Assert.Throws<FormatException>(() => CheckpointVerifierKey.Parse("PeterNeumann+c74f20a3+BRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    }
}
