using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

[Collection(StoreCollection.Name)]
public sealed class CheckpointAndProofTests(PostgresFixture db)
{
    private readonly ChainTestbed _bed = new(db);

    private async Task<List<byte[]>> LeafHashesAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select leaf_hash from audit.seals where tenant_id = $1 order by seq", conn);
        cmd.Parameters.AddWithValue(tenant);
        var list = new List<byte[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((byte[])r[0]);
        return list;
    }

    [Fact]
    public async Task Signed_checkpoint_is_a_C2SP_note_over_the_root_of_all_leaves()
    {
        var tenant = await db.CreateTenantAsync("cp");
        await _bed.AppendAndSealAsync(tenant, 300);

        var result = await _bed.CheckpointAsync(tenant);

        Assert.Equal(CheckpointIssueStatus.Issued, result.Status);
        var check = _bed.Keyring.Verify(result.Checkpoint!.Note);
        Assert.True(check.IsValid, check.Problem);
        Assert.Equal($"auditexplorer.test/{tenant}", check.Body!.Origin);
        Assert.Equal(300, check.Body.TreeSize);
        var naive = CompactMerkleRange.Empty();
        foreach (var leaf in await LeafHashesAsync(tenant)) naive.Append(leaf);
        Assert.Equal(naive.Root(), check.Body.RootHash);
        Assert.StartsWith($"auditexplorer.test/{tenant}\n300\n", result.Checkpoint.Note);
        // Signed under the log's origin as key name, as C2SP tlog-checkpoint recommends.
        Assert.Contains($"\n\n\u2014 auditexplorer.test/{tenant} ", result.Checkpoint.Note);
    }

    [Fact]
    public async Task Nothing_new_means_no_new_checkpoint()
    {
        var tenant = await db.CreateTenantAsync("cp");
        Assert.Equal(CheckpointIssueStatus.EmptyLog, (await _bed.CheckpointAsync(tenant)).Status);
        await _bed.AppendAndSealAsync(tenant, 5);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        Assert.Equal(CheckpointIssueStatus.Unchanged, (await _bed.CheckpointAsync(tenant)).Status);
    }

    [Fact]
    public async Task Periodic_issue_signs_only_tenants_whose_chain_grew()
    {
        var grown = await db.CreateTenantAsync("cp");
        var still = await db.CreateTenantAsync("cp");
        await _bed.AppendAndSealAsync(still, 4);
        await _bed.CheckpointAsync(still);
        await _bed.AppendAndSealAsync(grown, 6);

        var results = await new CheckpointIssuer(db.SealerSource, _bed.Keys).IssueForGrownTenantsAsync();

        Assert.Contains(results, r => r.TenantId == grown && r.Status == CheckpointIssueStatus.Issued);
        Assert.DoesNotContain(results, r => r.TenantId == still);
    }

    [Fact]
    public async Task Issuer_refuses_to_sign_a_tree_inconsistent_with_the_previous_checkpoint()
    {
        var tenant = await db.CreateTenantAsync("cp");
        await _bed.AppendAndSealAsync(tenant, 40);
        await _bed.CheckpointAsync(tenant);
        await _bed.AppendAndSealAsync(tenant, 10);
        await _bed.TamperAsync("update audit.merkle_nodes set hash = sha256(hash) where tenant_id = $1 and level = 4 and idx = 0", tenant);

        var result = await _bed.CheckpointAsync(tenant);

        Assert.Equal(CheckpointIssueStatus.Refused, result.Status);
        Assert.Contains("not consistent with checkpoint 40", result.Problem);
        Assert.Equal(1L, await ChainTestbed.ScalarAsync<long>(db.Owner, "select count(*) from audit.checkpoints where tenant_id = $1", tenant));
    }

    [Fact]
    public async Task Issuer_refuses_when_the_tail_behind_a_checkpoint_is_gone()
    {
        var tenant = await db.CreateTenantAsync("cp");
        await _bed.AppendAndSealAsync(tenant, 20);
        await _bed.CheckpointAsync(tenant);
        await _bed.TamperAsync("delete from audit.seals where tenant_id = $1 and seq > 15", tenant);

        var result = await _bed.CheckpointAsync(tenant);

        Assert.Equal(CheckpointIssueStatus.Refused, result.Status);
        Assert.Contains("tail is missing", result.Problem);
    }

    [Fact]
    public async Task Proofs_from_stored_nodes_verify_against_signed_checkpoints()
    {
        var tenant = await db.CreateTenantAsync("proof");
        await _bed.AppendAndSealAsync(tenant, 100);
        var old = (await _bed.CheckpointAsync(tenant)).Checkpoint!;
        await _bed.AppendAndSealAsync(tenant, 213);
        var latest = (await _bed.CheckpointAsync(tenant)).Checkpoint!;
        var leaves = await LeafHashesAsync(tenant);
        Assert.Equal(313, latest.TreeSize);

        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        var reader = new MerkleTreeReader(new StoredMerkleHashes(conn, tenant));
        foreach (var index in new long[] { 0, 1, 99, 100, 255, 256, 312 })
        {
            var proof = await reader.InclusionProofAsync(index, latest.TreeSize, default);
            Assert.True(MerkleProofVerifier.VerifyInclusion(leaves[(int)index], index, latest.TreeSize, proof.Path, latest.RootHash));
        }
        var consistency = await reader.ConsistencyProofAsync(old.TreeSize, latest.TreeSize, default);
        Assert.True(MerkleProofVerifier.VerifyConsistency(old.TreeSize, latest.TreeSize, consistency.Path, old.RootHash, latest.RootHash));
    }

    [Fact]
    public async Task Status_shows_length_backlog_checkpoint_and_last_verification()
    {
        var tenant = await db.CreateTenantAsync("status");
        await _bed.AppendAndSealAsync(tenant, 8);
        await _bed.CheckpointAsync(tenant);
        var report = await _bed.VerifyAsync(tenant);
        await _bed.AppendAsync(tenant, 3);

        var status = await new IntegrityStatusQuery(db.ReaderSource).GetAsync(tenant);

        Assert.Equal(8, status.ChainLength);
        Assert.Equal(4, status.UnsealedCount); // three appended + the verification's own audit event
        Assert.NotNull(status.OldestUnsealedAge);
        Assert.Equal(8, status.LastCheckpoint!.TreeSize);
        Assert.Equal(report.VerificationId, status.LastVerification!.VerificationId);
        Assert.True(status.LastVerification.Intact);
    }
}
