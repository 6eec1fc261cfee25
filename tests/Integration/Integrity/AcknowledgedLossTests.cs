using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// The second honest way on after a restore to an older point (docs/operations.md, "Backup and restore"): the
/// signer's operator acknowledges the loss. On a base backup restored into a fresh cluster (as in
/// <see cref="BackupRestoreTests"/>): the signer refuses until then and signs after, every verification names the
/// loss without raising the rollback alarm, and only the signer's record makes an acknowledgement count.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class AcknowledgedLossTests
{
    private const string Tenant = "restored";
    private const string Reason = "disk of the primary failed; WAL after the backup is gone and the applications keep no copy";

    [Fact]
    public async Task After_acknowledging_the_loss_the_signer_signs_again_and_verification_names_the_lost_seqs_without_a_rollback_alarm()
    {
        await using var pg = await PrivatePostgresCluster.StartMigratedAsync();
        await using var scenario = await RestoredAsync(pg);
        var restored = scenario.Restored;
        var keys = scenario.Keys;
        var sealer = restored.SourceFor("auditexplorer_sealer");

        // Before: the signer refuses the shorter history.
        Assert.Equal(CheckpointIssueStatus.RefusedBySignerRecord, (await new CheckpointIssuer(sealer, keys).IssueAsync(Tenant)).Status);

        var result = await new LossAcknowledger(sealer, keys).AcknowledgeAsync(new LossAcknowledgementRequest(Tenant, 40, Reason, "INC-7", "ops:alice"));

        // The signer's record continues from the restored tree, and the first checkpoint over the new history is signed.
        Assert.Equal(27, result.Entry.TreeSize);
        Assert.Equal(40, result.Entry.Loss!.LostSize);
        Assert.Equal(CheckpointIssueStatus.Issued, result.Checkpoint!.Status);
        Assert.Equal(28, result.Checkpoint.Checkpoint!.TreeSize);
        await AppendAsync(restored, 3);
        await new EventSealer(sealer).SealPendingAsync(Tenant);
        var later = await new CheckpointIssuer(sealer, keys).IssueAsync(Tenant);
        Assert.Equal(CheckpointIssueStatus.Issued, later.Status);
        Assert.Equal(31, later.Checkpoint!.TreeSize);
        Assert.Null(await new SignerRecordCheck(sealer, keys.SignedRecord, keys.Keyring).CheckTenantAsync(Tenant));
        // The restored tree got its own plain checkpoint (no extension line, so packages and witnesses take it as is).
        var at27 = await ScalarAsync<string>(restored.ConnectionFor("auditexplorer_owner"), "select note from audit.checkpoints where tenant_id = $1 and tree_size = 27", Tenant);
        Assert.DoesNotContain(LossAcknowledgement.ExtensionWord, at27);
        Assert.Contains(LossAcknowledgement.ExtensionWord, result.Entry.Note);

        // Verification with the record: not intact, not damaged — the acknowledged loss, named.
        var record = SignedCheckpointFile.Parse(await File.ReadAllTextAsync(scenario.RecordPath));
        var report = await new ChainVerifier(restored.SourceFor("auditexplorer_reader"), keys.Keyring)
            .VerifyAsync(Tenant, VerificationMode.Full, new VerificationActor("officer-1", "user"), record);
        Assert.False(report.Intact);
        Assert.True(report.OnlyAcknowledgedLoss, string.Join("; ", report.Findings.Select(f => $"{f.Kind}: {f.Detail}")));
        var loss = Assert.Single(report.Findings);
        Assert.Equal(DamageKind.LossAcknowledged, loss.Kind);
        Assert.Equal(28, loss.Seq);
        Assert.StartsWith("seqs 28–40 lost, acknowledged by ops:alice at ", loss.Detail);
        Assert.EndsWith($": {Reason} (case INC-7)", loss.Detail);
        Assert.Equal(31, report.VerifiedCheckpointSize);
        Assert.Equal("loss_acknowledged", await ScalarAsync<string>(restored.ConnectionFor("auditexplorer_owner"),
            "select outcome from audit.verifications where verification_id = $1", report.VerificationId));
        // An incremental run resumes from the proven checkpoint and still names the loss.
        var incremental = await new ChainVerifier(restored.SourceFor("auditexplorer_reader"), keys.Keyring)
            .VerifyAsync(Tenant, VerificationMode.Incremental, new VerificationActor("officer-1", "user"), record);
        Assert.True(incremental.OnlyAcknowledgedLoss);

        // The acknowledgement is an audited, sealed event of the tenant's log, on its timeline, and a row the reader sees.
        var owner = restored.ConnectionFor("auditexplorer_owner");
        Assert.Equal(28L, await ScalarAsync<long>(owner,
            "select s.seq from audit.seals s join audit.events e on e.tenant_id = s.tenant_id and e.id = s.event_id where s.tenant_id = $1 and e.id = $2",
            Tenant, result.EventId));
        await using (var ctx = AuditStoreOptions.CreateContext(restored.SourceFor("auditexplorer_reader")))
        {
            await using var tx = await TenantScope.BeginAsync(ctx, Tenant, CancellationToken.None);
            var page = await new TimelineQuery(new CursorCodec(RandomNumberGenerator.GetBytes(32)))
                .ReadAsync(ctx, Tenant, new TimelineFilter { EntityType = "tenant", EntityId = Tenant }, null, 50, CancellationToken.None);
            var row = Assert.Single(page.Rows, r => r.Action == "integrity.loss_acknowledged");
            Assert.Equal(("ops:alice", "system"), (row.ActorId, row.ActorKind));
            var lossRows = await new AcknowledgedLossQuery(restored.SourceFor("auditexplorer_reader")).ListAsync(Tenant);
            var shown = Assert.Single(lossRows);
            Assert.Equal((28L, 40L, "ops:alice", Reason, "INC-7"), (shown.LostFromSeq, shown.LostThroughSeq, shown.AcknowledgedBy, shown.Reason, shown.CaseId));
        }
        Assert.Equal("""{"lost_size": 40, "lost_from_seq": 28, "restored_size": 27, "lost_through_seq": 40}""", await ScalarAsync<string>(owner,
            "select jsonb_build_object('lost_from_seq', new_values->'lost_from_seq', 'lost_through_seq', new_values->'lost_through_seq', 'restored_size', new_values->'restored_size', 'lost_size', new_values->'lost_size')::text from audit.events where tenant_id = $1 and id = $2",
            Tenant, result.EventId));
    }

    [Fact]
    public async Task Acknowledgements_without_a_reason_with_a_wrong_size_or_without_a_rollback_are_refused_and_write_nothing()
    {
        await using var pg = await PrivatePostgresCluster.StartMigratedAsync();
        await using var scenario = await RestoredAsync(pg);
        var sealer = scenario.Restored.SourceFor("auditexplorer_sealer");
        var acknowledger = new LossAcknowledger(sealer, scenario.Keys);
        var recordBefore = await File.ReadAllTextAsync(scenario.RecordPath);

        var noReason = await Assert.ThrowsAsync<LossAcknowledgementRefusedException>(() =>
            acknowledger.AcknowledgeAsync(new LossAcknowledgementRequest(Tenant, 40, "  ", null, "ops:alice")));
        Assert.Contains("reason is required", noReason.Message);
        var wrongSize = await Assert.ThrowsAsync<LossAcknowledgementRefusedException>(() =>
            acknowledger.AcknowledgeAsync(new LossAcknowledgementRequest(Tenant, 39, Reason, null, "ops:alice")));
        Assert.Contains("last signed size 40", wrongSize.Message);
        Assert.Contains("the lost seqs are 28–40", wrongSize.Message);
        // The live cluster holds all 40 signed events: there is nothing to acknowledge.
        var noRollback = await Assert.ThrowsAsync<LossAcknowledgementRefusedException>(() =>
            new LossAcknowledger(pg.SourceFor("auditexplorer_sealer"), scenario.Keys)
                .AcknowledgeAsync(new LossAcknowledgementRequest(Tenant, 40, Reason, null, "ops:alice")));
        Assert.Contains("has no rollback", noRollback.Message);

        Assert.Equal(recordBefore, await File.ReadAllTextAsync(scenario.RecordPath));
        var owner = scenario.Restored.ConnectionFor("auditexplorer_owner");
        Assert.Equal(0L, await ScalarAsync<long>(owner, "select count(*) from audit.acknowledged_losses"));
        Assert.Equal(27L, await ScalarAsync<long>(owner, "select count(*) from audit.events where tenant_id = $1", Tenant));
        // The contrast: the same request with the right size and a reason is accepted.
        await acknowledger.AcknowledgeAsync(new LossAcknowledgementRequest(Tenant, 40, Reason, null, "ops:alice"));
        Assert.Equal(1L, await ScalarAsync<long>(owner, "select count(*) from audit.acknowledged_losses"));
    }

    [Fact]
    public async Task A_forged_acknowledgement_in_the_database_or_in_the_record_without_the_key_is_still_a_rollback()
    {
        await using var pg = await PrivatePostgresCluster.StartMigratedAsync();
        await using var scenario = await RestoredAsync(pg);
        var restored = scenario.Restored;
        var keys = scenario.Keys;

        // The superuser writes the row and event the product would write, but cannot write the signer's record.
        await using (var conn = new NpgsqlConnection(restored.ConnectionFor("postgres")))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "select audit.acknowledge_loss($1, 'dba:mallory', 27, $2, 40, $2, now(), 'nobody will notice', null, 'forged')", conn);
            cmd.Parameters.AddWithValue(Tenant);
            cmd.Parameters.AddWithValue(new byte[32]);
            await cmd.ExecuteScalarAsync();
        }
        // Someone with the record file but not the key turns the checkpoint of size 25 into an "acknowledgement".
        var lines = (await File.ReadAllTextAsync(scenario.RecordPath)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var at25 = SignedCheckpointFile.Parse(lines[0] + "\n").Single();
        var forgedEntry = at25 with { Loss = new LossAcknowledgement(40, new byte[32], "dba:mallory", "nobody will notice", null) };
        var forgedRecord = string.Join("\n", lines) + "\n" + SignedCheckpointFile.FormatLine(forgedEntry) + "\n";

        foreach (var text in new[] { await File.ReadAllTextAsync(scenario.RecordPath), forgedRecord })
        {
            var report = await new ChainVerifier(restored.SourceFor("auditexplorer_reader"), keys.Keyring)
                .VerifyAsync(Tenant, VerificationMode.Full, new VerificationActor("officer-1", "user"), SignedCheckpointFile.Parse(text));
            Assert.False(report.OnlyAcknowledgedLoss);
            Assert.Equal(DamageKind.RolledBack, report.FirstDamage);
            Assert.Equal(28, report.FirstBadSeq);
        }
        Assert.Equal(CheckpointIssueStatus.RefusedBySignerRecord,
            (await new CheckpointIssuer(restored.SourceFor("auditexplorer_sealer"), keys).IssueAsync(Tenant)).Status);
        // A record holding the forged line is refused by the signer as altered, not followed.
        var forgedPath = scenario.RecordPath + ".forged";
        await File.WriteAllTextAsync(forgedPath, forgedRecord);
        using var forgedKeys = new CheckpointKeys(scenario.Key, keys.Keyring, new SignedCheckpointFile(forgedPath));
        var issued = await new CheckpointIssuer(restored.SourceFor("auditexplorer_sealer"), forgedKeys).IssueAsync(Tenant);
        Assert.Equal(CheckpointIssueStatus.RefusedBySignerRecord, issued.Status);
        Assert.Contains("the record was altered", issued.Problem);
    }

    [Fact]
    public async Task The_operator_acknowledges_with_the_cli_and_verify_chain_then_exits_7_instead_of_reporting_a_rollback()
    {
        await using var pg = await PrivatePostgresCluster.StartMigratedAsync();
        await using var scenario = await RestoredAsync(pg);
        var keyFile = Path.Combine(Path.GetDirectoryName(scenario.RecordPath)!, "checkpoint.pem");
        await File.WriteAllTextAsync(keyFile, scenario.Key.ExportPem());
        string[] keyArgs = ["--key", keyFile, "--signed-record", scenario.RecordPath];

        var (before, beforeOutput) = await CliAsync(scenario.Restored, ["verify-chain", "--tenant", Tenant, "--full", "--checkpoints", scenario.RecordPath, .. keyArgs]);
        Assert.True(before == 1, beforeOutput);
        Assert.Contains("DAMAGED: RolledBack at seq 28", beforeOutput);

        var (noReason, noReasonOutput) = await CliAsync(scenario.Restored, ["acknowledge-loss", "--tenant", Tenant, "--through-size", "40", .. keyArgs]);
        Assert.True(noReason == 2, noReasonOutput);
        var (wrongSize, wrongSizeOutput) = await CliAsync(scenario.Restored, ["acknowledge-loss", "--tenant", Tenant, "--through-size", "38", "--reason", Reason, .. keyArgs]);
        Assert.True(wrongSize == 1, wrongSizeOutput);
        Assert.Contains("REFUSED: --through-size 38 does not match the signer's record", wrongSizeOutput);

        var (acknowledged, ackOutput) = await CliAsync(scenario.Restored,
            ["acknowledge-loss", "--tenant", Tenant, "--through-size", "40", "--reason", Reason, "--case", "INC-7", "--actor", "ops:alice", .. keyArgs]);
        Assert.True(acknowledged == 0, ackOutput);
        Assert.Contains("ACKNOWLEDGED: seqs 28–40 lost, acknowledged by ops:alice at ", ackOutput);
        // The first verify-chain's own audit_log.verify event was waiting too: sealed with the acknowledgement, 28 and 29.
        Assert.True(ackOutput.Contains("Signed checkpoint at tree size 29", StringComparison.Ordinal), ackOutput);

        var (after, afterOutput) = await CliAsync(scenario.Restored, ["verify-chain", "--tenant", Tenant, "--full", "--checkpoints", scenario.RecordPath, .. keyArgs]);
        Assert.True(after == 7, afterOutput);
        Assert.Contains("LOSS ACKNOWLEDGED: seqs 28–40 lost, acknowledged by ops:alice at ", afterOutput);
        Assert.Contains("NOT COMPLETE", afterOutput);
        Assert.DoesNotContain("INTACT", afterOutput);
        Assert.DoesNotContain("DAMAGED", afterOutput);
    }

    // The real CLI, as the signer's operator runs it against the restored cluster.
    private static async Task<(int ExitCode, string Output)> CliAsync(PrivatePostgresCluster cluster, string[] args)
    {
        var dll = Path.Combine(PostgresFixture.RepoRoot(), "src", "Cli", "bin",
            AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "auditexplorer.dll");
        Assert.True(File.Exists(dll), $"build src/Cli first: {dll}");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["AUDITEXPLORER_OWNER_CONNECTION"] = cluster.ConnectionFor("auditexplorer_owner");
        start.Environment["AUDITEXPLORER_SEALER_CONNECTION"] = cluster.ConnectionFor("auditexplorer_sealer");
        start.Environment["AUDITEXPLORER_CHECKPOINT_KEY_NAME"] = "auditexplorer.restore";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<Scenario> RestoredAsync(PrivatePostgresCluster pg)
    {
        await pg.ExecuteAsync(pg.ConnectionFor("auditexplorer_owner"), $"insert into audit.tenants (tenant_id, display_name) values ('{Tenant}', 'Restored')");
        var key = CheckpointSigningKey.Generate("auditexplorer.restore");
        var keyring = new CheckpointKeyring([key.VerifierKey]);
        var recordPath = Path.Combine(Directory.CreateTempSubdirectory("ae-loss-").FullName, "checkpoint.pem.signed.log");
        var keys = new CheckpointKeys(key, keyring, new SignedCheckpointFile(recordPath));
        // Signed at 25, then two more sealed but not yet signed when the backup is taken: the restored store
        // ends at 27 with its newest checkpoint at 25, and the signer has since signed 40.
        await AppendSealAndSignAsync(pg, keys, 25);
        await AppendAsync(pg, 2);
        await new EventSealer(pg.SourceFor("auditexplorer_sealer")).SealPendingAsync(Tenant);
        var restored = await pg.BaseBackupAndRestoreAsync();
        await AppendSealAndSignAsync(pg, keys, 13);
        return new Scenario(restored, keys, key, recordPath);
    }

    private static async Task AppendSealAndSignAsync(PrivatePostgresCluster pg, CheckpointKeys keys, int count)
    {
        await AppendAsync(pg, count);
        await new EventSealer(pg.SourceFor("auditexplorer_sealer")).SealPendingAsync(Tenant);
        Assert.Equal(CheckpointIssueStatus.Issued, (await new CheckpointIssuer(pg.SourceFor("auditexplorer_sealer"), keys).IssueAsync(Tenant)).Status);
    }

    private static async Task AppendAsync(PrivatePostgresCluster pg, int count)
    {
        await using var conn = new NpgsqlConnection(pg.ConnectionFor("auditexplorer_writer"));
        await conn.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            await using var cmd = new NpgsqlCommand(
                "select audit.append_event($1, 'u-1', 'user', 'contract.update', 'update', 'contract', $2, '{\"v\": 1}', '{\"v\": 2}', '{}')", conn);
            cmd.Parameters.AddWithValue(Tenant);
            cmd.Parameters.AddWithValue($"c-{i % 4}");
            await cmd.ExecuteScalarAsync();
        }
    }

    private static async Task<T> ScalarAsync<T>(string connection, string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private sealed record Scenario(PrivatePostgresCluster Restored, CheckpointKeys Keys, CheckpointSigningKey Key, string RecordPath) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Keys.Dispose();
            await Restored.DisposeAsync();
        }
    }
}
