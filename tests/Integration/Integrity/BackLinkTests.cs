using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// Hash format 2 on real PostgreSQL: the sealer links each event to the previous change of its record
/// and actor (also within one batch, and across batches through the head tables), and a log sealed in
/// format 1 before migration 017 keeps verifying after it, with new seals linking onto the old ones.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class BackLinkTests(PostgresFixture db)
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);

    private static async Task<List<(long Seq, short Format, long? Record, long? Actor)>> SealsAsync(string connection, string tenant)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select seq, hash_format, prev_record_seq, prev_actor_seq from audit.seals where tenant_id = $1 order by seq", conn);
        cmd.Parameters.AddWithValue(tenant);
        var rows = new List<(long, short, long?, long?)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add((r.GetInt64(0), r.GetInt16(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3)));
        return rows;
    }

    [Fact]
    public async Task The_sealer_links_several_events_of_one_record_in_one_batch_and_access_events_only_point_at_the_head()
    {
        var tenant = await db.CreateTenantAsync("links");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, tenant, T0, entityId: "42", actor: "u1", changeKind: "create");          // 1
            await TestEvents.AppendAsync(conn, tenant, T0.AddMinutes(1), entityId: "7", actor: "u1");                    // 2
            await TestEvents.AppendAsync(conn, tenant, T0.AddMinutes(2), entityId: "42", actor: "u2");                   // 3
            await TestEvents.AppendAsync(conn, tenant, T0.AddMinutes(3), entityId: "42", actor: "u1", changeKind: "access",
                action: "contract.view");                                                                                // 4
            await TestEvents.AppendAsync(conn, tenant, T0.AddMinutes(4), entityId: "42", actor: "u2", changeKind: "delete"); // 5
        }

        var batch = await new EventSealer(db.SealerSource).SealBatchAsync(tenant);

        Assert.Equal(5, batch.EventsSealed);
        Assert.Equal(
            [(1L, (short)2, (long?)null, (long?)null), (2, 2, null, 1), (3, 2, 1, null), (4, 2, 3, 2), (5, 2, 3, 3)],
            await SealsAsync(db.Owner, tenant));

        // The next batch continues from the stored heads, not from the batch it is in.
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, tenant, T0.AddMinutes(5), entityId: "7", actor: "u2");                    // 6
        }
        await new EventSealer(db.SealerSource).SealBatchAsync(tenant);
        Assert.Equal((6L, (short)2, (long?)2, (long?)5), (await SealsAsync(db.Owner, tenant))[^1]);
        Assert.True((await new ChainTestbed(db).VerifyAsync(tenant)).Intact);
    }

    [Theory]
    [InlineData("auditexplorer_writer", "select count(*) from audit.record_heads")]
    [InlineData("auditexplorer_writer", "select count(*) from audit.actor_heads")]
    [InlineData("auditexplorer_sealer", "delete from audit.record_heads")]
    [InlineData("auditexplorer_sealer", "truncate audit.actor_heads")]
    [InlineData("auditexplorer_reader", "update audit.record_heads set last_seq = 1")]
    public async Task Only_the_sealer_moves_the_heads_and_nobody_removes_them(string role, string sql)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionFor(role));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());

        Assert.Equal("42501", refused.SqlState);
    }

    [Fact]
    public async Task A_changed_back_link_breaks_the_events_hash()
    {
        var tenant = await db.CreateTenantAsync("links");
        var bed = new ChainTestbed(db);
        await bed.AppendAndSealAsync(tenant, 6);
        await bed.CheckpointAsync(tenant);
        Assert.True((await bed.VerifyAsync(tenant)).Intact);

        // As the superuser: seq 6 is the first change of its record; make its link claim seq 5, the hashes left as they were.
        await using (var conn = new NpgsqlConnection(db.SuperUser))
        {
            await conn.OpenAsync();
            await using (var replica = new NpgsqlCommand("set session_replication_role = replica", conn))
                await replica.ExecuteNonQueryAsync();
            await using var cmd = new NpgsqlCommand("update audit.seals set prev_record_seq = 5 where tenant_id = $1 and seq = 6", conn);
            cmd.Parameters.AddWithValue(tenant);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }

        var report = await bed.VerifyAsync(tenant);
        Assert.False(report.Intact);
        Assert.Contains(report.Findings, f => f.Seq == 6);
    }

    [Fact]
    public async Task A_record_head_moved_back_before_sealing_is_found_by_a_full_verification()
    {
        var tenant = await db.CreateTenantAsync("links");
        var bed = new ChainTestbed(db);
        async Task AppendAsync(int minute)
        {
            await using var conn = new NpgsqlConnection(db.Writer);
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, tenant, T0.AddMinutes(minute), entityId: "42", actor: "u1");
        }
        for (var i = 0; i < 3; i++) await AppendAsync(i);
        await bed.Sealer.SealPendingAsync(tenant);
        Assert.True((await bed.VerifyAsync(tenant)).Intact);

        // The owner (who may write the sealer's working tables) makes the next change skip seqs 2 and 3.
        await using (var conn = new NpgsqlConnection(db.Owner))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "update audit.record_heads set last_seq = 1 where tenant_id = $1 and entity_type = 'contract' and entity_id = '42'", conn);
            cmd.Parameters.AddWithValue(tenant);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        await AppendAsync(3);
        await bed.Sealer.SealPendingAsync(tenant);

        var report = await bed.VerifyAsync(tenant);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((DamageKind.BackLinkWrong, 5L), (finding.Kind, finding.Seq)); // seq 4 is the first verification's own event
        Assert.Contains("seq 1 as the previous change of record contract/42, but it is seq 3", finding.Detail);
    }

    [Fact]
    public async Task After_the_chain_is_cut_back_behind_the_heads_the_sealer_refuses_with_a_clear_reason()
    {
        var tenant = await db.CreateTenantAsync("links");
        var bed = new ChainTestbed(db);
        await bed.AppendAndSealAsync(tenant, 5);
        await bed.TamperAsync("""
            delete from audit.events e using audit.seals s where e.tenant_id = $1 and s.tenant_id = $1 and s.event_id = e.id and s.seq > 2;
            delete from audit.seals where tenant_id = $1 and seq > 2
            """, tenant);
        await bed.AppendAsync(tenant, 5); // the same records again, whose heads still name seqs 3 to 5

        var result = await bed.Sealer.SealPendingAsync(tenant);

        var failure = Assert.Single(result.Failures);
        Assert.Contains("beyond the chain's end at seq 2", failure.Problem);
        Assert.Equal(2, await bed.ChainLengthAsync(tenant));
    }

    [Fact]
    public async Task Events_sealed_in_format_1_before_migration_017_still_verify_and_new_seals_link_to_them()
    {
        var database = "ae_it_f1_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(db.ConnectionFor("postgres", "postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{database}\" owner auditexplorer_owner", admin);
            await create.ExecuteNonQueryAsync();
        }
        var owner = db.ConnectionFor("auditexplorer_owner", database);
        try
        {
            // The store as it was before hash format 2, guard installed, with a log sealed the old way.
            await using var ownerSource = NpgsqlDataSource.Create(owner);
            await using (var context = AuditStoreOptions.CreateContext(ownerSource))
            {
                var before017 = context.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_BackLinks", StringComparison.Ordinal)).Last();
                await context.GetService<IMigrator>().MigrateAsync(before017);
                await context.Database.ExecuteSqlAsync($"select audit.ensure_partitions(current_date, (current_date + interval '12 months')::date)");
            }
            await InstallGuardAsync(db.ConnectionFor("postgres", database));
            var tenant = "f1";
            await using (var conn = new NpgsqlConnection(owner))
            {
                await conn.OpenAsync();
                await using (var t = new NpgsqlCommand("insert into audit.tenants (tenant_id, display_name) values ('f1', 'Format 1')", conn))
                    await t.ExecuteNonQueryAsync();
            }
            await using (var conn = new NpgsqlConnection(db.ConnectionFor("auditexplorer_writer", database)))
            {
                await conn.OpenAsync();
                for (var i = 0; i < 5; i++) await TestEvents.AppendAsync(conn, tenant, T0.AddMinutes(i), entityId: i % 2 == 0 ? "0" : "1", actor: "u1");
            }
            await SealFormat1Async(owner, tenant);

            // Upgrade (migration 017 backfills the heads from the format-1 seals), then seal as today.
            await AuditStoreOptions.MigrateAsync(owner, db.ConnectionFor("postgres", database));
            await using (var conn = new NpgsqlConnection(db.ConnectionFor("auditexplorer_writer", database)))
            {
                await conn.OpenAsync();
                await TestEvents.AppendAsync(conn, tenant, T0.AddMinutes(10), entityId: "0", actor: "u2");
            }
            await using var sealer = NpgsqlDataSource.Create(db.ConnectionFor("auditexplorer_sealer", database));
            await new EventSealer(sealer).SealPendingAsync(tenant);
            using var keys = new CheckpointKeys(CheckpointSigningKey.Generate("auditexplorer.test"), new CheckpointKeyring([]));
            Assert.NotNull((await new CheckpointIssuer(sealer, keys).IssueAsync(tenant)).Checkpoint);

            var seals = await SealsAsync(owner, tenant);
            Assert.All(seals.Take(5), s => Assert.Equal((short)1, s.Format));
            Assert.Equal((6L, (short)2, (long?)5, (long?)null), seals[5]); // record 0's last format-1 change was seq 5
            await using var reader = NpgsqlDataSource.Create(db.ConnectionFor("auditexplorer_reader", database));
            var report = await new ChainVerifier(reader, new CheckpointKeyring([keys.Signer.VerifierKey]))
                .VerifyAsync(tenant, VerificationMode.Full, new VerificationActor("officer-1", "user"));
            Assert.True(report.Intact, string.Join("\n", report.Findings.Select(f => f.Detail)));
            Assert.Equal(6, report.EventsChecked);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(db.ConnectionFor("postgres", "postgres"));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{database}\" with (force)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task InstallGuardAsync(string superuser)
    {
        await using var conn = new NpgsqlConnection(superuser);
        await conn.OpenAsync();
        await using var guard = new NpgsqlCommand(SqlScriptMigration.ReadScript("append_only_guard.sql"), conn);
        await guard.ExecuteNonQueryAsync();
    }

    /// <summary>What the sealer did before migration 017: format-1 canonical bytes, no link columns (fewer than 16 events, so no tree nodes).</summary>
    private static async Task SealFormat1Async(string owner, string tenant)
    {
        await using var conn = new NpgsqlConnection(owner);
        await conn.OpenAsync();
        var events = new List<AuditEvent>();
        await using (var cmd = new NpgsqlCommand(
            $"select {StoredEventColumns.SelectList} from audit.events e join audit.seal_queue q on q.tenant_id = e.tenant_id and q.event_id = e.id " +
            "where e.tenant_id = $1 order by q.queued_at, q.event_id", conn))
        {
            cmd.Parameters.AddWithValue(tenant);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) events.Add(StoredEventColumns.Read(r, 0, tenant)!);
        }
        var prev = EventChainHash.Genesis();
        for (var i = 0; i < events.Count; i++)
        {
            var canonical = EventCanonicalForm.Encode(events[i], i + 1);
            var hash = EventChainHash.Compute(canonical, prev);
            await using var insert = new NpgsqlCommand("""
                insert into audit.seals (tenant_id, seq, event_id, occurred_at, prev_hash, hash, leaf_hash) values ($1, $2, $3, $4, $5, $6, $7);
                """, conn);
            insert.Parameters.AddWithValue(tenant);
            insert.Parameters.AddWithValue(i + 1L);
            insert.Parameters.AddWithValue(events[i].Id);
            insert.Parameters.AddWithValue(events[i].OccurredAt);
            insert.Parameters.AddWithValue(prev);
            insert.Parameters.AddWithValue(hash);
            insert.Parameters.AddWithValue(MerkleHasher.HashLeaf(canonical));
            await insert.ExecuteNonQueryAsync();
            prev = hash;
        }
        await using var delete = new NpgsqlCommand("delete from audit.seal_queue where tenant_id = $1", conn);
        delete.Parameters.AddWithValue(tenant);
        await delete.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_sealer_looks_up_the_heads_of_a_batchs_records_by_key_however_many_heads_the_tenant_has()
    {
        var tenant = await db.CreateTenantAsync("heads");
        await using (var conn = new NpgsqlConnection(db.SuperUser))
        {
            await conn.OpenAsync();
            await using var fill = new NpgsqlCommand(
                """
                insert into audit.record_heads (tenant_id, entity_type, entity_id, last_seq)
                select $1, 'contract', i::text, i from generate_series(1, 50000) as i
                """, conn);
            fill.Parameters.AddWithValue(tenant);
            await fill.ExecuteNonQueryAsync();
            await using var analyze = new NpgsqlCommand("analyze audit.record_heads", conn);
            await analyze.ExecuteNonQueryAsync();
        }
        // A batch of 5,000 records of a tenant with 50,000: the plan a 10k batch got at 600k heads, scaled down.
        var ids = Enumerable.Range(0, 5000).Select(i => (i * 7 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var plan = new List<string>();
        await using (var conn = new NpgsqlConnection(db.Sealer))
        {
            await conn.OpenAsync();
            await using var explain = new NpgsqlCommand("explain (analyze, costs off, timing off) " + StoredLinkHeads.RecordHeadsSql, conn);
            explain.Parameters.AddWithValue(tenant);
            explain.Parameters.AddWithValue(Enumerable.Repeat("contract", ids.Length).ToArray());
            explain.Parameters.AddWithValue(ids);
            await using var r = await explain.ExecuteReaderAsync();
            while (await r.ReadAsync()) plan.Add(r.GetString(0));
        }
        var text = string.Join("\n", plan);
        Assert.Contains("Index Scan using record_heads_pkey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on record_heads", text, StringComparison.Ordinal);
        Assert.Contains("rows=1 loops=5000", text, StringComparison.Ordinal); // every key found, each once
    }
}
