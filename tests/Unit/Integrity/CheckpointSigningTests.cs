using System.Buffers.Binary;
using System.Security.Cryptography;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

public sealed class CheckpointSigningTests
{
    private static readonly byte[] Root = SHA256.HashData("root"u8);

    [Fact]
    public void Checkpoint_text_is_origin_size_and_base64_root_lines()
    {
        var body = new CheckpointBody("auditexplorer/acme", 1234, Root);

        Assert.Equal($"auditexplorer/acme\n1234\n{Convert.ToBase64String(Root)}\n", body.ToText());
        Assert.Equal(body.TreeSize, CheckpointBody.Parse(body.ToText()).TreeSize);
    }

    [Fact]
    public void Signed_note_round_trips_and_verifies()
    {
        using var key = CheckpointSigningKey.Generate("log.example");
        var note = key.SignCheckpoint(new CheckpointBody("log.example/acme", 7, Root)).ToString();

        var check = new CheckpointKeyring([key.VerifierKey]).Verify(note);

        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(7, check.Body!.TreeSize);
        Assert.Equal(Root, check.Body.RootHash);
        Assert.Matches("^log\\.example/acme\n7\n[A-Za-z0-9+/=]+\n\n\u2014 log\\.example/acme [A-Za-z0-9+/=]+\n$", note);
    }

    [Fact]
    public void P256_key_id_is_the_first_four_bytes_of_the_SHA256_of_the_public_key_info()
    {
        using var key = CheckpointSigningKey.Generate("log.example", CheckpointVerifierKey.EcdsaP256Type);
        var spki = key.VerifierKey.PublicKey;

        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(spki)), key.VerifierKey.KeyId);
        var signature = SignedNote.Parse(key.SignCheckpoint(new CheckpointBody("log.example/o", 1, Root)).ToString()).Signatures.Single();
        Assert.Equal(key.VerifierKey.KeyId, signature.KeyId);
    }

    [Fact]
    public void Changed_text_fails_the_signature()
    {
        using var key = CheckpointSigningKey.Generate("log.example");
        var note = key.SignCheckpoint(new CheckpointBody("log.example/acme", 7, Root)).ToString();

        var check = new CheckpointKeyring([key.VerifierKey]).Verify(note.Replace("\n7\n", "\n8\n"));

        Assert.False(check.IsValid);
        Assert.Contains("does not verify", check.Problem);
    }

    [Fact]
    public void Tampered_signature_bytes_fail()
    {
        using var key = CheckpointSigningKey.Generate("log.example");
        var note = SignedNote.Parse(key.SignCheckpoint(new CheckpointBody("log.example/acme", 7, Root)).ToString());
        var sig = note.Signatures[0];
        var bytes = (byte[])sig.Signature.Clone();
        bytes[^1] ^= 0x40;
        var tampered = note with { Signatures = [sig with { Signature = bytes }] };

        Assert.False(new CheckpointKeyring([key.VerifierKey]).Verify(tampered.ToString()).IsValid);
    }

    [Fact]
    public void Unknown_keys_are_ignored_and_a_note_without_a_trusted_signature_is_rejected()
    {
        using var ours = CheckpointSigningKey.Generate("log.example");
        using var stranger = CheckpointSigningKey.Generate("log.example");
        var text = new CheckpointBody("log.example/acme", 3, Root).ToText();
        var both = new SignedNote(text, [stranger.Sign(text), ours.Sign(text)]).ToString();

        Assert.True(new CheckpointKeyring([ours.VerifierKey]).Verify(both).IsValid);
        Assert.False(new CheckpointKeyring([ours.VerifierKey]).Verify(new SignedNote(text, [stranger.Sign(text)]).ToString()).IsValid);
    }

    [Fact]
    public void After_rotation_old_checkpoints_still_verify_with_the_old_public_key()
    {
        var folder = Directory.CreateTempSubdirectory("ae-keys-").FullName;
        try
        {
            var options = new CheckpointKeyOptions { KeyName = "log.example", DevKeyDirectory = folder };
            string oldNote;
            using (var first = CheckpointKeys.Load(options))
            {
                Assert.True(first.IsDevelopmentKey);
                oldNote = first.Signer.SignCheckpoint(new CheckpointBody("log.example/acme", 1, Root)).ToString();
            }
            using (var newer = CheckpointSigningKey.Generate("log.example"))
                File.WriteAllText(Path.Combine(folder, "checkpoint-99999999999999.pem"), newer.ExportPem());

            using var rotated = CheckpointKeys.Load(options);
            var newNote = rotated.Signer.SignCheckpoint(new CheckpointBody("log.example/acme", 2, Root)).ToString();

            Assert.Equal(2, rotated.Keyring.Keys.Count);
            Assert.True(rotated.Keyring.Verify(oldNote).IsValid);
            Assert.True(rotated.Keyring.Verify(newNote).IsValid);
            Assert.NotEqual(SignedNote.Parse(oldNote).Signatures[0].KeyId, SignedNote.Parse(newNote).Signatures[0].KeyId);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Configured_key_and_trusted_old_keys_form_the_keyring()
    {
        var folder = Directory.CreateTempSubdirectory("ae-keys-").FullName;
        try
        {
            using var old = CheckpointSigningKey.Generate("log.example");
            using var current = CheckpointSigningKey.Generate("log.example");
            var path = Path.Combine(folder, "current.pem");
            File.WriteAllText(path, current.ExportPem());

            using var keys = CheckpointKeys.Load(new CheckpointKeyOptions
            {
                KeyName = "log.example", KeyPath = path, TrustedKeys = [old.VerifierKey.ToString()],
            });

            Assert.False(keys.IsDevelopmentKey);
            Assert.Equal(current.VerifierKey.KeyId, keys.Signer.VerifierKey.KeyId);
            Assert.True(keys.Keyring.Verify(old.SignCheckpoint(new CheckpointBody("log.example/a", 1, Root)).ToString()).IsValid);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Verifier_key_text_round_trips_and_rejects_a_wrong_key_id()
    {
        using var key = CheckpointSigningKey.Generate("log.example");
        var text = key.VerifierKey.ToString();

        Assert.Equal(key.VerifierKey.KeyId, CheckpointVerifierKey.Parse(text).KeyId);
        var parts = text.Split('+');
        Assert.Throws<FormatException>(() => CheckpointVerifierKey.Parse($"{parts[0]}+00000000+{parts[2]}"));
    }

    [Theory]
    [InlineData("no blank line\n")]
    [InlineData("o\n1\nAAAA\n\nno dash\n")]
    [InlineData("o\n1\nAAAA\n\n\u2014 name !!!\n")]
    [InlineData("o\n01\nAAAA\n\n\u2014 name AAAAAAAA\n")]
    public void Malformed_notes_are_rejected_with_a_reason(string note)
    {
        using var key = CheckpointSigningKey.Generate("name");
        var check = new CheckpointKeyring([key.VerifierKey]).Verify(note);
        Assert.False(check.IsValid);
        Assert.StartsWith("malformed checkpoint", check.Problem);
    }
}
