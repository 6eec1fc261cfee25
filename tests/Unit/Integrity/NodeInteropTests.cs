using System.Diagnostics;
using System.Security.Cryptography;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>
/// Checkpoints interoperate with an independent signed-note implementation: Node's built-in
/// crypto, driven by the scripts in node/ (written from c2sp.org/signed-note), verifies the
/// product's notes, and the product verifies Node's, for Ed25519 and ECDSA P-256.
/// </summary>
public sealed class NodeInteropTests
{
    private static readonly byte[] Root = SHA256.HashData("interop"u8);

    [Theory]
    [InlineData(CheckpointVerifierKey.Ed25519Type)]
    [InlineData(CheckpointVerifierKey.EcdsaP256Type)]
    public void Node_verifies_a_checkpoint_the_product_signed(byte type)
    {
        using var key = CheckpointSigningKey.Generate("auditexplorer.example", type);
        var body = new CheckpointBody("auditexplorer.example/acme", 4242, Root);
        var note = key.SignCheckpoint(body).ToString();
        var vkey = key.VerifierKey.WithName(body.Origin).ToString();
        var dir = Directory.CreateTempSubdirectory("ae-interop-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "note.txt"), note);
            File.WriteAllText(Path.Combine(dir, "tampered.txt"), note.Replace("\n4242\n", "\n4243\n"));

            var (ok, output) = Node("verify-note.mjs", Path.Combine(dir, "note.txt"), vkey);
            var (tampered, _) = Node("verify-note.mjs", Path.Combine(dir, "tampered.txt"), vkey);

            Assert.True(ok == 0, output);
            Assert.Equal(1, tampered);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("p256")]
    public void The_product_verifies_a_checkpoint_Node_signed(string kind)
    {
        var body = new CheckpointBody("witness.example/acme", 17, Root);
        var dir = Directory.CreateTempSubdirectory("ae-interop-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "text.txt"), body.ToText());
            var (exit, output) = Node("sign-note.mjs", kind, body.Origin, Path.Combine(dir, "text.txt"), dir);
            Assert.True(exit == 0, output);
            var note = File.ReadAllText(Path.Combine(dir, "note.txt"));
            var key = CheckpointVerifierKey.Parse(File.ReadAllText(Path.Combine(dir, "vkey.txt")));

            var check = new CheckpointKeyring([key]).Verify(note);

            Assert.True(check.IsValid, check.Problem);
            Assert.Equal(17, check.Body!.TreeSize);
            Assert.Equal(kind == "ed25519" ? CheckpointVerifierKey.Ed25519Type : CheckpointVerifierKey.EcdsaP256Type, key.SignatureType);
            Assert.False(new CheckpointKeyring([key]).Verify(note.Replace("\n17\n", "\n18\n")).IsValid);
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
            throw new TimeoutException($"node {script} did not finish in 60 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
