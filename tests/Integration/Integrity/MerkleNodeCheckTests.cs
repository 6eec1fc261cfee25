using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>Full verification checks every stored interior node, not only those a proof or root reads.</summary>
[Collection(StoreCollection.Name)]
public sealed class MerkleNodeCheckTests(PostgresFixture db)
{
    private readonly ChainTestbed _bed = new(db);

    [Fact]
    public async Task Corrupted_node_off_every_proof_path_is_found()
    {
        var tenant = await db.CreateTenantAsync("nodes");
        await _bed.AppendAndSealAsync(tenant, 300);
        await _bed.CheckpointAsync(tenant);
        var before = await _bed.VerifyAsync(tenant);
        Assert.True(before.Intact, string.Join("; ", before.Findings.Select(f => f.Detail)));

        // Level 4 node 3 (seqs 49 to 64) lies under the stored level-8 node: the root of 300 never reads it.
        await _bed.TamperAsync("update audit.merkle_nodes set hash = sha256(hash) where tenant_id = $1 and level = 4 and idx = 3", tenant);
        Assert.Equal(CheckpointIssueStatus.Unchanged, (await _bed.CheckpointAsync(tenant)).Status);
        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(DamageKind.MerkleNodeCorrupted, report.FirstDamage);
        Assert.Equal(49, report.FirstBadSeq);
        Assert.Contains("level 4 index 3", Assert.Single(report.Findings).Detail);
    }

    [Fact]
    public async Task A_corrupted_node_after_an_altered_event_is_still_checked_against_the_stored_leaves()
    {
        var tenant = await db.CreateTenantAsync("nodes");
        await _bed.AppendAndSealAsync(tenant, 300);
        // Seq 10's recomputed leaf now differs from its stored leaf hash, so from there the tree of stored
        // leaves grows apart from the recomputed one; node level 4 index 3 (seqs 49 to 64) lies beyond it.
        await _bed.TamperAsync("update audit.events set new_values = new_values || '{\"amount\": -1}' where tenant_id = $1 and id = $2",
            tenant, await _bed.EventAtAsync(tenant, 10));
        await _bed.TamperAsync("update audit.merkle_nodes set hash = sha256(hash) where tenant_id = $1 and level = 4 and idx = 3", tenant);

        var report = await _bed.VerifyAsync(tenant);

        Assert.Contains(report.Findings, f => f.Kind == DamageKind.EventAltered && f.Seq == 10);
        // Only the corrupted node: the stored nodes over seq 10 still match the stored leaves under them.
        Assert.Contains("level 4 index 3", Assert.Single(report.Findings, f => f.Kind == DamageKind.MerkleNodeCorrupted).Detail);
    }

    [Fact]
    public async Task Missing_and_extra_nodes_are_found()
    {
        var tenant = await db.CreateTenantAsync("nodes");
        await _bed.AppendAndSealAsync(tenant, 100);
        await _bed.TamperAsync(
            """
            delete from audit.merkle_nodes where tenant_id = $1 and level = 4 and idx = 1;
            insert into audit.merkle_nodes (tenant_id, level, idx, hash) values ($1, 4, 40, sha256('x'::bytea))
            """, tenant);

        var report = await _bed.VerifyAsync(tenant);

        Assert.Contains(report.Findings, f => f.Kind == DamageKind.MerkleNodeCorrupted && f.Seq == 17 && f.Detail.Contains("missing"));
        Assert.Contains(report.Findings, f => f.Kind == DamageKind.MerkleNodeCorrupted && f.Seq is null && f.Detail.Contains("beyond the chain"));
    }
}
