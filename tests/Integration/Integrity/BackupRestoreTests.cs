using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// Backup and restore as docs/operations.md describes it: a base backup restored into a fresh cluster verifies
/// every chain, and a restore to an older point is named by the signer's own record — which sizes it had signed
/// and which seqs the restored store no longer holds.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class BackupRestoreTests
{
    private const string Tenant = "restored";

    [Fact]
    public async Task A_restored_base_backup_verifies_and_the_signers_record_names_the_seqs_written_after_it()
    {
        await using var pg = await PrivatePostgresCluster.StartMigratedAsync();
        await pg.ExecuteAsync(pg.ConnectionFor("auditexplorer_owner"), $"insert into audit.tenants (tenant_id, display_name) values ('{Tenant}', 'Restored')");
        var key = CheckpointSigningKey.Generate("auditexplorer.restore");
        var keyring = new CheckpointKeyring([key.VerifierKey]);
        var recordPath = Path.Combine(Directory.CreateTempSubdirectory("ae-restore-").FullName, "checkpoint.pem.signed.log");
        using var keys = new CheckpointKeys(key, keyring, new SignedCheckpointFile(recordPath));

        await AppendSealAndSignAsync(pg, keys, 25);
        await using var restored = await pg.BaseBackupAndRestoreAsync();
        await AppendSealAndSignAsync(pg, keys, 15);

        // The backup itself is intact: every hash, node and checkpoint it holds verifies.
        var report = await new ChainVerifier(restored.SourceFor("auditexplorer_reader"), keyring)
            .VerifyAsync(Tenant, VerificationMode.Full, new VerificationActor("officer-1", "user"));
        Assert.True(report.Intact, string.Join("; ", report.Findings.Select(f => f.Detail)));
        Assert.Equal(25, report.ThroughSeq);

        // Against the signer's record it is 15 events short, and says so; the live cluster is not.
        var onRestored = await new SignerRecordCheck(restored.SourceFor("auditexplorer_sealer"), keys.SignedRecord, keyring).CheckTenantAsync(Tenant);
        var onLive = await new SignerRecordCheck(pg.SourceFor("auditexplorer_sealer"), keys.SignedRecord, keyring).CheckTenantAsync(Tenant);
        Assert.Null(onLive);
        Assert.NotNull(onRestored);
        Assert.Equal(SignerRecordFindingKind.RolledBack, onRestored.Kind);
        Assert.Equal(40, onRestored.RecordedSize);
        Assert.Equal(25, onRestored.DatabaseSize);
        var withRecord = await new ChainVerifier(restored.SourceFor("auditexplorer_reader"), keyring)
            .VerifyAsync(Tenant, VerificationMode.Full, new VerificationActor("officer-1", "user"), SignedCheckpointFile.Parse(await File.ReadAllTextAsync(recordPath)));
        Assert.False(withRecord.Intact);
        Assert.Contains(withRecord.Findings, f => f.Kind == DamageKind.RolledBack && f.Seq == 26);
        // And the signer refuses to sign the restored store's shorter history as if nothing happened.
        Assert.Equal(CheckpointIssueStatus.RefusedBySignerRecord,
            (await new CheckpointIssuer(restored.SourceFor("auditexplorer_sealer"), keys).IssueAsync(Tenant)).Status);
    }

    private static async Task AppendSealAndSignAsync(PrivatePostgresCluster pg, CheckpointKeys keys, int count)
    {
        await using (var conn = new NpgsqlConnection(pg.ConnectionFor("auditexplorer_writer")))
        {
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
        await new EventSealer(pg.SourceFor("auditexplorer_sealer")).SealPendingAsync(Tenant);
        var issued = await new CheckpointIssuer(pg.SourceFor("auditexplorer_sealer"), keys).IssueAsync(Tenant);
        Assert.Equal(CheckpointIssueStatus.Issued, issued.Status);
    }
}
