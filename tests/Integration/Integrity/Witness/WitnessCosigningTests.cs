using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Publication;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Tests.Integration.Integrity.Witness;

/// <summary>
/// The sealer submits checkpoints to a witness run outside the operator; as the database superuser without the
/// log's signer record, an attacker can get a forged or rolled-back tree signed, but not cosigned.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class WitnessCosigningTests(PostgresFixture db) : IDisposable
{
    private readonly ChainTestbed _bed = new(db);
    private WitnessTestbed? _witness;
    private WitnessTestbed W => _witness ??= new WitnessTestbed(db, _bed);

    public void Dispose() => _witness?.Dispose();

    // The same key, but a signer that lost its own record (a restored machine): only the witness still remembers.
    private Task<CheckpointIssueResult> CheckpointWithoutRecordAsync(string tenant) =>
        new CheckpointIssuer(db.SealerSource, new CheckpointKeys(_bed.Key, _bed.Keyring, new InMemorySignedCheckpointRecord())).IssueAsync(tenant);

    private async Task<string> CosignedTenantAsync(params int[] growth)
    {
        var tenant = await db.CreateTenantAsync("wit");
        foreach (var n in growth)
        {
            await _bed.AppendAndSealAsync(tenant, n);
            Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
            var submission = await W.CosignAsync(tenant);
            Assert.True(submission.Cosigned, submission.Problem);
        }
        return tenant;
    }

    private async Task<long> CosignatureCountAsync(string tenant) =>
        await ChainTestbed.ScalarAsync<long>(db.Owner, "select count(*) from audit.checkpoint_cosignatures where tenant_id = $1", tenant);

    [Fact]
    public async Task Cosignatures_are_stored_and_served_with_the_note_and_the_next_checkpoint_is_proven_from_the_cosigned_size()
    {
        var tenant = await CosignedTenantAsync(30, 15);

        Assert.StartsWith("old 30\n", W.Handler.Requests.Last()); // the proof starts where the witness last cosigned
        var served = await new CheckpointPublication(db.ReaderSource).LatestAsync(tenant, default);
        Assert.Equal(45, served!.TreeSize);
        Assert.True(CosignatureQuorum.Check(served.Note, [W.Key.VerifierKey], 1).Met);
        Assert.True(_bed.Keyring.Verify(served.Note).IsValid); // log-key verifiers ignore the extra line
        Assert.Equal(2, await CosignatureCountAsync(tenant));

        var trusted = await new CheckpointCosignatureQuery(db.ReaderSource, [W.Key.VerifierKey]).RecentAsync(tenant, 10);
        var unknown = await new CheckpointCosignatureQuery(db.ReaderSource, []).RecentAsync(tenant, 10);
        Assert.Equal([45L, 30L], trusted.Select(c => c.TreeSize));
        Assert.All(trusted, c => Assert.Equal(CosignatureStatus.Verified, Assert.Single(c.Cosignatures).Status));
        Assert.All(unknown, c => Assert.Equal(CosignatureStatus.UnknownWitness, Assert.Single(c.Cosignatures).Status));
        Assert.Empty(await W.Cosigner.CosignLatestAsync(tenant)); // nothing left to ask
    }

    [Fact]
    public async Task Witness_refuses_to_cosign_a_forged_tail_that_a_signer_without_its_record_signs()
    {
        var tenant = await CosignedTenantAsync(30);
        // The superuser drops the tail, the checkpoint and its cosignature, then appends correctly hashed forgeries.
        await _bed.RollBackAsync(tenant, 20);
        await _bed.TamperAsync("delete from audit.checkpoint_cosignatures where tenant_id = $1", tenant);
        var forged = await _bed.AppendAndSealAsync(tenant, 25);
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);

        var signed = await CheckpointWithoutRecordAsync(tenant);
        var submission = await W.CosignAsync(tenant);

        Assert.Equal(CheckpointIssueStatus.Issued, signed.Status); // the signer alone is fooled
        Assert.Equal(forged, signed.Checkpoint!.TreeSize);
        Assert.False(submission.Cosigned);
        Assert.Contains("HTTP 422", submission.Problem);
        Assert.Equal(0, await CosignatureCountAsync(tenant));
        Assert.Equal(30, W.State.Latest(signed.Checkpoint.Note.Split('\n')[0])!.TreeSize);
    }

    [Fact]
    public async Task A_rolled_back_log_gets_a_conflict_from_the_witness_and_no_cosignature()
    {
        var tenant = await CosignedTenantAsync(30, 10);
        await _bed.RollBackAsync(tenant, 30);
        await _bed.TamperAsync("delete from audit.checkpoint_cosignatures where tenant_id = $1 and tree_size > 30", tenant);
        await _bed.AppendAndSealAsync(tenant, 5);

        var signed = await CheckpointWithoutRecordAsync(tenant);
        var submission = await W.CosignAsync(tenant);

        Assert.Equal(CheckpointIssueStatus.Issued, signed.Status);
        Assert.Equal(35, signed.Checkpoint!.TreeSize);
        Assert.False(submission.Cosigned);
        Assert.Contains("has cosigned size 40", submission.Problem);
        Assert.Contains("rolled back", submission.Problem);
        Assert.Equal(1, await CosignatureCountAsync(tenant)); // only size 30's
    }

    [Fact]
    public async Task A_witness_that_is_down_is_retried_next_round_and_a_restarted_witness_keeps_its_state()
    {
        var tenant = await CosignedTenantAsync(12);
        await _bed.AppendAndSealAsync(tenant, 8);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        W.Handler.Down = true;

        var whileDown = await W.CosignAsync(tenant);

        Assert.False(whileDown.Cosigned);
        Assert.Contains("no answer", whileDown.Problem);
        W.Handler.Down = false;
        W.Restart();
        // The sealer's memory of the witness is lost too: it starts from 0 and follows the witness's 409 to size 12.
        await _bed.TamperAsync("delete from audit.checkpoint_cosignatures where tenant_id = $1", tenant);
        var afterRestart = await W.CosignAsync(tenant);
        Assert.True(afterRestart.Cosigned, afterRestart.Problem);
        Assert.StartsWith("old 0\n", W.Handler.Requests[^2]);
        Assert.StartsWith("old 12\n", W.Handler.Requests[^1]);
        Assert.Equal(20, afterRestart.TreeSize);
    }
}
