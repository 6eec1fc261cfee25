using System.Net;
using System.Text;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// The Integrity page trusts an acknowledged loss only when the signer's record holds it, signed: a row in
/// audit.acknowledged_losses alone proves nothing, since whoever can write to the database can insert one. Each test
/// rolls a fresh tenant back (as <see cref="SignerRecordTests"/> does) and acknowledges the loss with the real
/// <see cref="LossAcknowledger"/>, then reads the rows as the web app's reader and checks them as the page does.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class AcknowledgedLossConfirmationTests(PostgresFixture db)
{
    private const string Reason = "primary's disk failed; WAL after the base backup is gone";
    private readonly ChainTestbed _bed = new(db);

    // A read-only copy of the signer's file, as the web app opens it through Checkpoints:SignedRecordPath.
    private AcknowledgedLossConfirmation Confirmation(string? recordPath = null, CheckpointKeyring? keyring = null) =>
        new(new SignedCheckpointFile(recordPath ?? _bed.SignedRecordPath), keyring ?? _bed.Keyring);

    private Task<IReadOnlyList<AcknowledgedLoss>> RowsAsync(string tenant) => new AcknowledgedLossQuery(db.ReaderSource).ListAsync(tenant);

    // Signed at 25 and 35, rolled back to 25 by the superuser, and seqs 26–35 acknowledged as lost by the signer's operator.
    private async Task<string> AcknowledgedTenantAsync()
    {
        var tenant = await db.CreateTenantAsync("lossconfirm");
        var kept = await _bed.AppendAndSealAsync(tenant, 25);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        var signed = await _bed.AppendAndSealAsync(tenant, 10);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        await _bed.RollBackAsync(tenant, kept);
        await new LossAcknowledger(db.SealerSource, _bed.Keys).AcknowledgeAsync(new LossAcknowledgementRequest(tenant, signed, Reason, "INC-12", "ops:alice"));
        return tenant;
    }

    [Fact]
    public async Task A_loss_the_signer_acknowledged_is_confirmed_and_rows_written_into_the_database_without_the_key_are_not()
    {
        var tenant = await AcknowledgedTenantAsync();
        // The superuser adds a loss nobody signed, and a copy of the real one with a softer reason.
        await _bed.TamperAsync(
            """
            insert into audit.acknowledged_losses (tenant_id, acknowledgement_id, lost_from_seq, lost_through_seq, restored_size, restored_root,
                lost_root, lost_signed_at, acknowledged_by, reason, case_id, note, event_id, acknowledged_at)
            values ($1, gen_random_uuid(), 27, 60, 26, decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'), now(),
                'dba:mallory', 'planned maintenance', null, 'forged', gen_random_uuid(), clock_timestamp() + interval '1 second');
            insert into audit.acknowledged_losses (tenant_id, acknowledgement_id, lost_from_seq, lost_through_seq, restored_size, restored_root,
                lost_root, lost_signed_at, acknowledged_by, reason, case_id, note, event_id, acknowledged_at)
            select tenant_id, gen_random_uuid(), lost_from_seq, lost_through_seq, restored_size, restored_root, lost_root, lost_signed_at,
                acknowledged_by, 'a routine restore, nothing of note', case_id, note, event_id, clock_timestamp() + interval '2 seconds'
            from audit.acknowledged_losses where tenant_id = $1 and acknowledged_by = 'ops:alice'
            """, tenant);

        var checks = await Confirmation().CheckAsync(tenant, await RowsAsync(tenant));

        Assert.Equal([AcknowledgedLossStatus.Confirmed, AcknowledgedLossStatus.NotConfirmed, AcknowledgedLossStatus.NotConfirmed],
            checks.Select(c => c.Status));
        Assert.Equal((26L, 35L, Reason), (checks[0].Loss.LostFromSeq, checks[0].Loss.LostThroughSeq, checks[0].Loss.Reason));
        Assert.Contains("signed by auditexplorer.test", checks[0].Detail);
        Assert.Equal("the signer's record holds no acknowledgement of seqs 27–60", checks[1].Detail);
        Assert.Contains("signs another lost root, operator, reason or case than the database shows", checks[2].Detail);
    }

    [Fact]
    public async Task An_acknowledgement_whose_record_entry_was_edited_or_is_signed_by_an_untrusted_key_is_not_confirmed()
    {
        var tenant = await AcknowledgedTenantAsync();
        var rows = await RowsAsync(tenant);
        // Someone with write access to the record's copy, but not the key, changes the reason to match a rewritten story.
        var edited = SignedCheckpointFile.Parse(await File.ReadAllTextAsync(_bed.SignedRecordPath))
            .Select(e => e.Loss is { } loss ? e with { Loss = loss with { Reason = "a routine restore, nothing of note" } } : e);
        var editedPath = _bed.SignedRecordPath + ".edited";
        await File.WriteAllLinesAsync(editedPath, edited.Select(SignedCheckpointFile.FormatLine));
        using var stranger = CheckpointSigningKey.Generate("auditexplorer.test");

        var original = Assert.Single(await Confirmation().CheckAsync(tenant, rows));
        var altered = Assert.Single(await Confirmation(editedPath).CheckAsync(tenant, rows));
        var untrusted = Assert.Single(await Confirmation(keyring: new CheckpointKeyring([stranger.VerifierKey])).CheckAsync(tenant, rows));

        Assert.Equal(AcknowledgedLossStatus.Confirmed, original.Status);
        Assert.Equal(AcknowledgedLossStatus.NotConfirmed, altered.Status);
        Assert.Contains("the record was altered", altered.Detail);
        Assert.Equal(AcknowledgedLossStatus.NotConfirmed, untrusted.Status);
        Assert.Contains("does not verify with the trusted keys", untrusted.Detail);
    }

    [Fact]
    public async Task Without_a_record_or_while_it_cannot_be_read_an_acknowledgement_cannot_be_checked()
    {
        var tenant = await AcknowledgedTenantAsync();
        var rows = await RowsAsync(tenant);
        var copyPath = _bed.SignedRecordPath + ".copy";
        File.Copy(_bed.SignedRecordPath, copyPath);
        var copy = new AcknowledgedLossConfirmation(new SignedCheckpointFile(copyPath), _bed.Keyring);
        var readable = Assert.Single(await copy.CheckAsync(tenant, rows));
        // The copy shrinks under the reader (truncated, or replaced by an older one): an error, never a fresh start.
        await File.WriteAllTextAsync(copyPath, "");

        var shrunk = Assert.Single(await copy.CheckAsync(tenant, rows));
        var none = new AcknowledgedLossConfirmation(null, _bed.Keyring);
        var noRecord = Assert.Single(await none.CheckAsync(tenant, rows));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var unreachable = Assert.Single(await new AcknowledgedLossConfirmation(
            new PublishedSignedCheckpointRecord(new Uri("http://127.0.0.1:1/signed.log"), http, TimeSpan.FromSeconds(15)), _bed.Keyring).CheckAsync(tenant, rows));

        Assert.Equal(AcknowledgedLossStatus.Confirmed, readable.Status);
        Assert.Equal(AcknowledgedLossStatus.CannotBeChecked, shrunk.Status);
        Assert.Contains("could not be read", shrunk.Detail);
        Assert.Equal(AcknowledgedLossStatus.CannotBeChecked, noRecord.Status);
        Assert.False(none.HasRecord);
        Assert.True(copy.HasRecord);
        Assert.Equal(AcknowledgedLossStatus.CannotBeChecked, unreachable.Status);
    }

    [Fact]
    public async Task A_signed_acknowledgement_whose_row_is_missing_is_listed_from_the_record_and_an_altered_entry_is_not()
    {
        var tenant = await AcknowledgedTenantAsync();
        var confirmation = Confirmation();
        var withRow = await confirmation.SignedWithoutRowAsync(tenant, await confirmation.CheckAsync(tenant, await RowsAsync(tenant)));
        // As if the acknowledgement's commit had failed after the record entry was written.
        await _bed.TamperAsync("delete from audit.acknowledged_losses where tenant_id = $1", tenant);
        var rows = await RowsAsync(tenant);
        var missing = await confirmation.SignedWithoutRowAsync(tenant, await confirmation.CheckAsync(tenant, rows));
        var editedPath = _bed.SignedRecordPath + ".edited";
        await File.WriteAllLinesAsync(editedPath, SignedCheckpointFile.Parse(await File.ReadAllTextAsync(_bed.SignedRecordPath))
            .Select(e => e.Loss is { } loss ? e with { Loss = loss with { AcknowledgedBy = "ops:bob" } } : e)
            .Select(SignedCheckpointFile.FormatLine));
        var altered = await Confirmation(editedPath).SignedWithoutRowAsync(tenant, []);

        Assert.Empty(withRow);
        Assert.Empty(rows);
        var entry = Assert.Single(missing);
        Assert.Equal((25L, 35L, Reason), (entry.TreeSize, entry.Loss!.LostSize, entry.Loss.Reason));
        Assert.Empty(altered);
    }

    [Fact]
    public async Task A_record_published_over_http_confirms_the_acknowledgement_as_the_file_does_and_an_empty_one_does_not()
    {
        var tenant = await AcknowledgedTenantAsync();
        var rows = await RowsAsync(tenant);
        var served = await File.ReadAllTextAsync(_bed.SignedRecordPath);
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                var context = await listener.GetContextAsync();
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(served));
                context.Response.Close();
            }
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        AcknowledgedLossConfirmation Published(string path) =>
            new(new PublishedSignedCheckpointRecord(new Uri($"http://127.0.0.1:{port}/{path}"), http, TimeSpan.Zero), _bed.Keyring);

        var confirmed = Assert.Single(await Published("signed.log").CheckAsync(tenant, rows));
        served = "";
        var empty = Assert.Single(await Published("empty.log").CheckAsync(tenant, rows));
        listener.Stop();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(AcknowledgedLossStatus.Confirmed, confirmed.Status);
        Assert.Equal(AcknowledgedLossStatus.NotConfirmed, empty.Status);
        Assert.Contains("holds no acknowledgement of seqs 26–35", empty.Detail);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
