using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Integration.Integrity;

[Collection(StoreCollection.Name)]
public sealed class TamperDetectionTests(PostgresFixture db)
{
    private readonly ChainTestbed _bed = new(db);

    /// <summary>A tenant with 60 sealed events and a signed checkpoint over all of them.</summary>
    private async Task<string> SealedTenantAsync()
    {
        var tenant = await db.CreateTenantAsync("tamper");
        Assert.Equal(60, await _bed.AppendAndSealAsync(tenant, 60));
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        return tenant;
    }

    [Fact]
    public async Task Untouched_chain_is_intact_and_the_run_is_recorded_as_an_audit_event()
    {
        var tenant = await SealedTenantAsync();

        var report = await _bed.VerifyAsync(tenant);

        Assert.True(report.Intact, string.Join("; ", report.Findings.Select(f => f.Detail)));
        Assert.Equal(60, report.EventsChecked);
        Assert.Equal(60, report.VerifiedCheckpointSize);
        Assert.Null(report.FirstBadSeq);
        Assert.Equal("audit_log.verify", await ChainTestbed.ScalarAsync<string>(db.Owner,
            "select action from audit.events where tenant_id = $1 and id = $2", tenant, report.AuditEventId));
        Assert.Equal("intact", await ChainTestbed.ScalarAsync<string>(db.Owner,
            "select outcome from audit.verifications where tenant_id = $1 and verification_id = $2", tenant, report.VerificationId));
    }

    [Fact]
    public async Task Changed_value_is_named_as_altered_at_its_seq()
    {
        var tenant = await SealedTenantAsync();
        await _bed.TamperAsync("update audit.events set new_values = new_values || '{\"amount\": 1000000}' where tenant_id = $1 and id = $2",
            tenant, await _bed.EventAtAsync(tenant, 17));

        var report = await _bed.VerifyAsync(tenant);

        Assert.False(report.Intact);
        Assert.Equal(17, report.FirstBadSeq);
        Assert.Equal(DamageKind.EventAltered, report.FirstDamage);
        Assert.Single(report.Findings, f => f.Kind == DamageKind.EventAltered);
        Assert.Equal("damaged", await ChainTestbed.ScalarAsync<string>(db.Owner,
            "select outcome from audit.verifications where tenant_id = $1 and verification_id = $2", tenant, report.VerificationId));
    }

    [Fact]
    public async Task A_block_crowded_by_unsealed_events_of_the_same_moments_is_still_verified_and_its_damage_named()
    {
        var tenant = await SealedTenantAsync();
        // 1,100 events written between the first and the last sealed moment, not yet sealed: the seals' time
        // window now holds more than twice its seals plus 1,000 events, so the verifier reads seal by seal.
        await _bed.AppendBetweenSealedMomentsAsync(tenant, 1_100);
        await _bed.TamperAsync("update audit.events set new_values = new_values || '{\"amount\": 1000000}' where tenant_id = $1 and id = $2",
            tenant, await _bed.EventAtAsync(tenant, 17));

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(60, report.EventsChecked);
        Assert.Equal(17, report.FirstBadSeq);
        Assert.Single(report.Findings, f => f.Kind == DamageKind.EventAltered);
        Assert.DoesNotContain(report.Findings, f => f.Kind is DamageKind.EventDeleted or DamageKind.EventInserted);
    }

    [Fact]
    public async Task Changed_timestamp_is_named_as_altered_not_deleted()
    {
        var tenant = await SealedTenantAsync();
        await _bed.TamperAsync("update audit.events set recorded_at = recorded_at + interval '1 second' where tenant_id = $1 and id = $2",
            tenant, await _bed.EventAtAsync(tenant, 5));

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(5, report.FirstBadSeq);
        Assert.Equal(DamageKind.EventAltered, report.FirstDamage);
    }

    [Fact]
    public async Task Changed_occurred_at_is_named_as_altered_not_deleted()
    {
        var tenant = await SealedTenantAsync();
        await _bed.TamperAsync("update audit.events set occurred_at = occurred_at - interval '2 hours' where tenant_id = $1 and id = $2",
            tenant, await _bed.EventAtAsync(tenant, 12));

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(12, report.FirstBadSeq);
        Assert.Equal(DamageKind.EventAltered, report.FirstDamage);
        Assert.DoesNotContain(report.Findings, f => f.Kind == DamageKind.EventDeleted);
    }

    [Fact]
    public async Task Deleted_event_is_named_at_its_seq()
    {
        var tenant = await SealedTenantAsync();
        await _bed.TamperAsync("delete from audit.events where tenant_id = $1 and id = $2", tenant, await _bed.EventAtAsync(tenant, 23));

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(23, report.FirstBadSeq);
        Assert.Equal(DamageKind.EventDeleted, report.FirstDamage);
    }

    [Fact]
    public async Task Deleted_event_and_seal_leave_a_named_gap()
    {
        var tenant = await SealedTenantAsync();
        var id = await _bed.EventAtAsync(tenant, 31);
        await _bed.TamperAsync(
            "delete from audit.events where tenant_id = $1 and id = $2; delete from audit.seals where tenant_id = $1 and event_id = $2", tenant, id);

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(31, report.FirstBadSeq);
        Assert.Equal(DamageKind.EventDeleted, report.FirstDamage);
    }

    [Fact]
    public async Task Forged_row_spliced_in_with_a_correctly_computed_hash_is_named_as_inserted()
    {
        var tenant = await SealedTenantAsync();
        var forgedId = Guid.CreateVersion7();
        // Make room at seq 31, then add an event and a seal whose hash is computed exactly as the sealer would.
        await _bed.TamperAsync(
            """
            update audit.seals set seq = seq + 1000000 where tenant_id = $1 and seq > 30;
            update audit.seals set seq = seq - 999999 where tenant_id = $1 and seq > 1000000;
            insert into audit.events (tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind, entity_type, entity_id, new_values)
            values ($1, now(), $2, 'u1', 'user', 'payment.approve', 'update', 'payment', '9', '{"approved": true}');
            """, tenant, forgedId);
        var forged = await _bed.ReadEventAsync(tenant, forgedId);
        var prev = await _bed.HashAtAsync(tenant, 30);
        var canonical = EventCanonicalForm.Encode(forged, 31);
        await _bed.TamperAsync(
            "insert into audit.seals (tenant_id, seq, event_id, occurred_at, prev_hash, hash, leaf_hash) values ($1, 31, $2, $3, $4, $5, $6)",
            tenant, forgedId, forged.OccurredAt, prev, EventChainHash.Compute(canonical, prev), MerkleHasher.HashLeaf(canonical));

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(31, report.FirstBadSeq);
        Assert.Equal(DamageKind.EventInserted, report.FirstDamage);
        Assert.DoesNotContain(report.Findings, f => f.Kind == DamageKind.EventAltered);
    }

    [Fact]
    public async Task Event_written_around_the_write_contract_is_named_as_inserted()
    {
        var tenant = await SealedTenantAsync();
        var forgedId = Guid.CreateVersion7();
        await _bed.TamperAsync(
            """
            insert into audit.events (tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind, entity_type, entity_id)
            values ($1, now() - interval '3 days', $2, 'u1', 'user', 'contract.delete', 'delete', 'contract', '4')
            """, tenant, forgedId);

        var report = await _bed.VerifyAsync(tenant);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(DamageKind.EventInserted, finding.Kind);
        Assert.Equal(forgedId, finding.EventId);
    }

    [Fact]
    public async Task Swapped_rows_are_named_as_reordered_at_the_first_position()
    {
        var tenant = await SealedTenantAsync();
        await _bed.TamperAsync(
            """
            update audit.seals set seq = case seq when 10 then 1000014 else 1000010 end where tenant_id = $1 and seq in (10, 14);
            update audit.seals set seq = seq - 1000000 where tenant_id = $1 and seq > 1000000;
            """, tenant);

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(10, report.FirstBadSeq);
        Assert.Equal(DamageKind.Reordered, report.FirstDamage);
    }

    [Fact]
    public async Task Adjacent_swapped_rows_are_named_as_reordered()
    {
        var tenant = await SealedTenantAsync();
        await _bed.TamperAsync(
            """
            update audit.seals set seq = case seq when 40 then 1000041 else 1000040 end where tenant_id = $1 and seq in (40, 41);
            update audit.seals set seq = seq - 1000000 where tenant_id = $1 and seq > 1000000;
            """, tenant);

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(40, report.FirstBadSeq);
        Assert.Equal(DamageKind.Reordered, report.FirstDamage);
    }

    [Fact]
    public async Task Dropped_tail_is_named_against_the_signed_checkpoint()
    {
        var tenant = await SealedTenantAsync();
        await _bed.TamperAsync(
            """
            delete from audit.events e using audit.seals s
            where s.tenant_id = $1 and s.seq > 45 and e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id;
            delete from audit.seals where tenant_id = $1 and seq > 45;
            """, tenant);

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(46, report.FirstBadSeq);
        Assert.Equal(DamageKind.TruncatedTail, report.FirstDamage);
        Assert.Equal(45, report.ThroughSeq);
    }

    [Fact]
    public async Task Rewritten_history_with_recomputed_seals_fails_the_checkpoint()
    {
        var tenant = await SealedTenantAsync();
        // The attacker changes event 50 and re-seals 50..60 consistently; only the signed root can tell.
        await _bed.TamperAsync("update audit.events set action = 'contract.archive' where tenant_id = $1 and id = $2", tenant, await _bed.EventAtAsync(tenant, 50));
        var prev = await _bed.HashAtAsync(tenant, 49);
        for (var seq = 50L; seq <= 60; seq++)
        {
            var e = await _bed.ReadEventAsync(tenant, await _bed.EventAtAsync(tenant, seq));
            var canonical = EventCanonicalForm.Encode(e, seq, await _bed.LinksAtAsync(tenant, seq));
            var hash = EventChainHash.Compute(canonical, prev);
            await _bed.TamperAsync("update audit.seals set prev_hash = $3, hash = $4, leaf_hash = $5 where tenant_id = $1 and seq = $2",
                tenant, seq, prev, hash, MerkleHasher.HashLeaf(canonical));
            prev = hash;
        }

        var report = await _bed.VerifyAsync(tenant);

        Assert.False(report.Intact);
        Assert.Equal(DamageKind.CheckpointInconsistent, Assert.Single(report.Findings).Kind);
    }

    [Fact]
    public async Task Checkpoint_with_a_broken_signature_is_named()
    {
        var tenant = await SealedTenantAsync();
        await _bed.TamperAsync("update audit.checkpoints set note = replace(note, E'\\n60\\n', E'\\n59\\n') where tenant_id = $1", tenant);

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(DamageKind.CheckpointSignatureInvalid, report.FirstDamage);
    }

    [Fact]
    public async Task Checkpoint_signed_by_an_unknown_key_is_not_trusted()
    {
        var tenant = await SealedTenantAsync();
        using var stranger = CheckpointSigningKey.Generate("auditexplorer.test");

        var report = await _bed.VerifyAsync(tenant, keyring: new CheckpointKeyring([stranger.VerifierKey]));

        Assert.Equal(DamageKind.CheckpointSignatureInvalid, report.FirstDamage);
        Assert.Contains("no signature by a trusted key", report.Findings[0].Detail);
    }

    [Fact]
    public async Task Incremental_run_over_a_gutted_tree_falls_back_to_full_and_says_so()
    {
        var tenant = await SealedTenantAsync();
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);
        await _bed.TamperAsync("delete from audit.merkle_nodes where tenant_id = $1", tenant);

        var report = await _bed.VerifyAsync(tenant, VerificationMode.Incremental);

        Assert.Equal(1, report.FromSeq);
        Assert.Equal(DamageKind.CheckpointInconsistent, report.Findings[0].Kind);
        Assert.Contains("lost hashes", report.Findings[0].Detail);
        // The full run then names the deleted nodes themselves.
        Assert.Equal(DamageKind.MerkleNodeCorrupted, report.FirstDamage);
        Assert.Contains(report.Findings, f => f.Kind == DamageKind.MerkleNodeCorrupted && f.Detail.Contains("missing"));

        // The verification's own audit event cannot be sealed onto the gutted tree; other tenants still are.
        var healthy = await db.CreateTenantAsync("healthy");
        await _bed.AppendAsync(healthy, 3);
        var sealing = await _bed.Sealer.SealPendingAsync();
        Assert.Contains(sealing.Failures, f => f.TenantId == tenant);
        Assert.Equal(3, await _bed.ChainLengthAsync(healthy));
    }

    [Fact]
    public async Task Incremental_run_starts_at_the_last_proven_checkpoint_and_finds_new_damage()
    {
        var tenant = await SealedTenantAsync();
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);
        var length = await _bed.AppendAndSealAsync(tenant, 20); // 60 + the verify event + 20
        await _bed.CheckpointAsync(tenant);

        var incremental = await _bed.VerifyAsync(tenant, VerificationMode.Incremental);

        Assert.True(incremental.Intact, string.Join("; ", incremental.Findings.Select(f => f.Detail)));
        Assert.Equal(61, incremental.FromSeq);
        Assert.Equal(length - 60, incremental.EventsChecked);
        Assert.Equal(length, incremental.VerifiedCheckpointSize);

        await _bed.AppendAndSealAsync(tenant, 5);
        await _bed.TamperAsync("update audit.events set entity_id = 'x' where tenant_id = $1 and id = $2", tenant, await _bed.EventAtAsync(tenant, length + 2));
        var damaged = await _bed.VerifyAsync(tenant, VerificationMode.Incremental);

        Assert.Equal(length + 1, damaged.FromSeq);
        Assert.Equal(length + 2, damaged.FirstBadSeq);
        Assert.Equal(DamageKind.EventAltered, damaged.FirstDamage);
    }
}
