using System.Security.Cryptography;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>Acknowledgement entries in the signer's record: their line format, what becomes the newest entry, and the signed binding.</summary>
public sealed class LossAcknowledgementRecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ae-ack-").FullName;
    private readonly CheckpointSigningKey _key = CheckpointSigningKey.Generate("auditexplorer.test");

    private string RecordPath => Path.Combine(_dir, "key.pem.signed.log");

    private SignedCheckpointEntry Checkpoint(long size, IReadOnlyList<string>? extensions = null, LossAcknowledgement? loss = null)
    {
        var root = SHA256.HashData(BitConverter.GetBytes(size));
        using var keys = new CheckpointKeys(CheckpointSigningKey.FromPem("auditexplorer.test", _key.ExportPem()), new CheckpointKeyring([_key.VerifierKey]));
        var body = new CheckpointBody("auditexplorer.test/acme", size, root);
        var note = extensions is null ? keys.SignCheckpoint(body) : keys.SignCheckpoint(body, extensions);
        return new SignedCheckpointEntry("acme", size, root, DateTimeOffset.UtcNow, note.ToString(), loss);
    }

    private static LossAcknowledgement Loss(long lostSize) =>
        new(lostSize, SHA256.HashData(BitConverter.GetBytes(lostSize)), "ops:alice", "disk lost", "INC-7");

    [Fact]
    public async Task An_acknowledgement_becomes_the_newest_entry_though_smaller_and_a_later_checkpoint_supersedes_it()
    {
        var record = new SignedCheckpointFile(RecordPath);
        await record.AppendAsync(Checkpoint(40), default);
        await record.AppendAsync(Checkpoint(27), default);
        Assert.Equal(40, (await record.LatestAsync("acme", default))!.TreeSize);

        var loss = Loss(40);
        await record.AppendAsync(Checkpoint(27, [loss.ExtensionLine()], loss), default);
        var reopened = new SignedCheckpointFile(RecordPath);
        var latest = (await reopened.LatestAsync("acme", default))!;
        Assert.Equal(27, latest.TreeSize);
        Assert.Equal((40L, "ops:alice", "disk lost", "INC-7"), (latest.Loss!.LostSize, latest.Loss.AcknowledgedBy, latest.Loss.Reason, latest.Loss.CaseId));
        Assert.Equal(loss.LostRoot, latest.Loss.LostRoot);

        await reopened.AppendAsync(Checkpoint(28), default);
        Assert.Equal(28, (await new SignedCheckpointFile(RecordPath).LatestAsync("acme", default))!.TreeSize);
    }

    [Fact]
    public void Only_a_note_that_signs_the_extension_line_carries_the_acknowledgement()
    {
        var loss = Loss(40);
        Assert.True(loss.IsBoundTo(Checkpoint(27, [loss.ExtensionLine()]).Note));
        Assert.False(loss.IsBoundTo(Checkpoint(27).Note));
        // Another reason, operator or lost size is another line: the signature does not cover it.
        Assert.False((loss with { Reason = "nobody will notice" }).IsBoundTo(Checkpoint(27, [loss.ExtensionLine()]).Note));
        Assert.False((loss with { LostSize = 41 }).IsBoundTo(Checkpoint(27, [loss.ExtensionLine()]).Note));
        // The note stays a checkpoint every verifier reads: size and root, the extension ignored.
        var check = new CheckpointKeyring([_key.VerifierKey]).Verify(Checkpoint(27, [loss.ExtensionLine()]).Note);
        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(27, check.Body!.TreeSize);
    }

    [Fact]
    public void A_line_with_an_unknown_kind_or_a_lost_size_not_beyond_the_tree_is_refused()
    {
        var line = SignedCheckpointFile.FormatLine(Checkpoint(27, loss: Loss(40)));
        Assert.Single(SignedCheckpointFile.Parse(line + "\n"));
        Assert.Throws<FormatException>(() => SignedCheckpointFile.Parse(line.Replace("\"loss_acknowledged\"", "\"loss_forgiven\"") + "\n"));
        Assert.Throws<FormatException>(() => SignedCheckpointFile.Parse(SignedCheckpointFile.FormatLine(Checkpoint(27, loss: Loss(27))) + "\n"));
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
