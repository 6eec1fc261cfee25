using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// The database superuser without the signing key rolls a tenant's log back or forks it; the
/// signer's own record, kept outside the database, makes the signer refuse and verification name it.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class SignerRecordTests(PostgresFixture db)
{
    private readonly ChainTestbed _bed = new(db);

    private SignerRecordCheck RecordCheck => new(db.SealerSource, _bed.Keys.SignedRecord, _bed.Keyring);

    private async Task<(string Tenant, long Kept, long Signed)> TenantWithTwoCheckpointsAsync()
    {
        var tenant = await db.CreateTenantAsync("signer");
        var kept = await _bed.AppendAndSealAsync(tenant, 40);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        var signed = await _bed.AppendAndSealAsync(tenant, 10);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        return (tenant, kept, signed);
    }

    [Fact]
    public async Task Dropped_tail_and_newest_checkpoint_pass_the_database_alone_but_the_record_names_the_rollback()
    {
        var (tenant, kept, signed) = await TenantWithTwoCheckpointsAsync();
        await _bed.RollBackAsync(tenant, kept);

        // What the database alone says: a consistent, shorter log. This is the weakness the record closes.
        var alone = await _bed.VerifyAsync(tenant);
        Assert.True(alone.Intact, string.Join("; ", alone.Findings.Select(f => f.Detail)));

        var full = await _bed.VerifyWithSignerRecordAsync(tenant);
        Assert.False(full.Intact);
        Assert.Equal(DamageKind.RolledBack, full.FirstDamage);
        Assert.Equal(kept + 1, full.FirstBadSeq);
        Assert.Contains(full.Findings, f => f.Kind == DamageKind.RolledBack && f.Detail.Contains($"size {signed}"));

        var incremental = await _bed.VerifyWithSignerRecordAsync(tenant, VerificationMode.Incremental);
        Assert.Contains(incremental.Findings, f => f.Kind == DamageKind.RolledBack);

        var alarm = Assert.Single(await RecordCheck.CheckAsync(), f => f.TenantId == tenant);
        Assert.Equal(SignerRecordFindingKind.RolledBack, alarm.Kind);
        Assert.Equal(signed, alarm.RecordedSize);
    }

    [Fact]
    public async Task Signer_refuses_to_sign_a_regrown_chain_after_a_rollback()
    {
        var (tenant, kept, signed) = await TenantWithTwoCheckpointsAsync();
        await _bed.RollBackAsync(tenant, kept);
        var regrown = await _bed.AppendAndSealAsync(tenant, 3);
        Assert.True(regrown < signed);

        var result = await _bed.CheckpointAsync(tenant);

        Assert.Equal(CheckpointIssueStatus.RefusedBySignerRecord, result.Status);
        Assert.Contains("rolled back", result.Problem);
        Assert.Equal(kept, result.Checkpoint!.TreeSize); // nothing new was stored
        Assert.Equal(2, File.ReadAllLines(_bed.SignedRecordPath).Length);
    }

    [Fact]
    public async Task Correctly_hashed_forged_history_after_a_checkpoint_is_refused_and_named_as_a_fork()
    {
        var (tenant, kept, signed) = await TenantWithTwoCheckpointsAsync();
        await _bed.RollBackAsync(tenant, kept);
        // Forged events through the write contract, sealed by the real sealer: every hash is right.
        var forged = await _bed.AppendAndSealAsync(tenant, 15);
        Assert.True(forged > signed);
        var alone = await _bed.VerifyAsync(tenant);
        Assert.True(alone.Intact, string.Join("; ", alone.Findings.Select(f => f.Detail)));

        var result = await _bed.CheckpointAsync(tenant);
        var report = await _bed.VerifyWithSignerRecordAsync(tenant);
        var alarm = Assert.Single(await RecordCheck.CheckAsync(), f => f.TenantId == tenant);

        Assert.Equal(CheckpointIssueStatus.RefusedBySignerRecord, result.Status);
        Assert.Contains("forked", result.Problem);
        Assert.Contains(report.Findings, f => f.Kind == DamageKind.Forked);
        Assert.Equal(SignerRecordFindingKind.Forked, alarm.Kind);
    }

    [Fact]
    public async Task Honest_growth_is_signed_recorded_and_verifies_against_the_record()
    {
        var (tenant, _, signed) = await TenantWithTwoCheckpointsAsync();
        var grown = await _bed.AppendAndSealAsync(tenant, 7);

        var result = await _bed.CheckpointAsync(tenant);
        var report = await _bed.VerifyWithSignerRecordAsync(tenant);

        Assert.Equal(CheckpointIssueStatus.Issued, result.Status);
        Assert.True(grown > signed);
        Assert.True(report.Intact, string.Join("; ", report.Findings.Select(f => f.Detail)));
        Assert.Equal(grown, report.VerifiedCheckpointSize);
        var lines = SignedCheckpointFile.Parse(await File.ReadAllTextAsync(_bed.SignedRecordPath));
        Assert.Equal(3, lines.Count);
        Assert.Equal(result.Checkpoint!.Note, lines[^1].Note);
        Assert.DoesNotContain(await RecordCheck.CheckAsync(), f => f.TenantId == tenant);
    }

    [Fact]
    public async Task A_deleted_checkpoint_row_over_intact_events_raises_the_alarm_and_is_restored_from_the_record()
    {
        var (tenant, _, signed) = await TenantWithTwoCheckpointsAsync();
        await _bed.TamperAsync("delete from audit.checkpoints where tenant_id = $1 and tree_size = $2", tenant, signed);

        var alarm = Assert.Single(await RecordCheck.CheckAsync(), f => f.TenantId == tenant);
        var report = await _bed.VerifyWithSignerRecordAsync(tenant);
        var result = await _bed.CheckpointAsync(tenant);

        Assert.Equal(SignerRecordFindingKind.RolledBack, alarm.Kind);
        Assert.Contains(report.Findings, f => f.Kind == DamageKind.RolledBack && f.Detail.Contains("checkpoints were removed"));
        Assert.Equal(CheckpointIssueStatus.Restored, result.Status);
        Assert.Equal(signed, result.Checkpoint!.TreeSize);
        Assert.DoesNotContain(await RecordCheck.CheckAsync(), f => f.TenantId == tenant);
    }

    [Fact]
    public async Task Incremental_run_resuming_above_a_forged_proven_point_still_finds_the_fork_below_it()
    {
        var tenant = await db.CreateTenantAsync("signer");
        var signed = await _bed.AppendAndSealAsync(tenant, 40);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        await _bed.RollBackAsync(tenant, 30);
        var forged = await _bed.AppendAndSealAsync(tenant, 15);
        // The attacker also claims that an earlier intact run proved the forged tree, so an
        // incremental run starts above the signed size and never recomputes it.
        byte[] root;
        await using (var conn = new NpgsqlConnection(db.SuperUser))
        {
            await conn.OpenAsync();
            root = await new MerkleTreeReader(new StoredMerkleHashes(conn, tenant)).RootAsync(forged, default);
        }
        await _bed.TamperAsync(
            """
            insert into audit.verifications (tenant_id, verification_id, mode, started_at, finished_at, outcome, from_seq, through_seq,
                events_checked, checkpoint_size, checkpoint_root, chain_hash, event_id)
            values ($1, gen_random_uuid(), 'full', now(), now(), 'intact', 1, $2, $2, $2, $3, $4, gen_random_uuid())
            """, tenant, forged, root, await _bed.HashAtAsync(tenant, forged));

        var report = await _bed.VerifyWithSignerRecordAsync(tenant, VerificationMode.Incremental);

        Assert.True(forged > signed);
        Assert.Equal(forged + 1, report.FromSeq);
        Assert.Contains(report.Findings, f => f.Kind == DamageKind.Forked && f.Detail.Contains("stored tree"));
    }
}
