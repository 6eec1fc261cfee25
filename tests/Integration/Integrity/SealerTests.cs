using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

[Collection(StoreCollection.Name)]
public sealed class SealerTests(PostgresFixture db)
{
    private readonly ChainTestbed _bed = new(db);

    private async Task AssertContiguousAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            select (select count(*) from audit.events where tenant_id = $1),
                   (select count(*) from audit.seals where tenant_id = $1),
                   (select coalesce(max(seq), 0) from audit.seals where tenant_id = $1),
                   (select count(distinct event_id) from audit.seals where tenant_id = $1),
                   (select count(*) from audit.seal_queue where tenant_id = $1)
            """, conn);
        cmd.Parameters.AddWithValue(tenant);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        var (events, seals, maxSeq, distinct, queued) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
        Assert.Equal(0, queued);
        Assert.Equal(events, seals);
        Assert.Equal(seals, maxSeq);
        Assert.Equal(seals, distinct);
    }

    [Fact]
    public async Task Concurrent_writers_across_tenants_get_contiguous_sequences_without_gaps_or_duplicates()
    {
        var tenants = new[] { await db.CreateTenantAsync("conc"), await db.CreateTenantAsync("conc"), await db.CreateTenantAsync("conc") };
        using var stop = new CancellationTokenSource();
        var sealing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await _bed.Sealer.SealPendingAsync(batchSize: 37);
                await Task.Delay(5);
            }
        });
        var writers = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++) await _bed.AppendAsync(tenants[(w + i) % tenants.Length], 1 + (i % 4));
        })).ToArray();
        await Task.WhenAll(writers);
        stop.Cancel();
        await sealing;
        await _bed.Sealer.SealPendingAsync();

        foreach (var tenant in tenants)
        {
            await AssertContiguousAsync(tenant);
            Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
            Assert.True((await _bed.VerifyAsync(tenant)).Intact);
        }
    }

    [Fact]
    public async Task Sealer_killed_mid_batch_leaves_nothing_half_done_and_the_next_run_continues()
    {
        var tenant = await db.CreateTenantAsync("crash");
        await _bed.AppendAndSealAsync(tenant, 20);
        await _bed.AppendAsync(tenant, 30);
        var crashing = new EventSealer(db.SealerSource)
        {
            // Terminate the sealer's own backend after it wrote seals, nodes and queue deletions.
            BeforeCommit = async (conn, ct) =>
            {
                await using var admin = new NpgsqlConnection(db.SuperUser);
                await admin.OpenAsync(ct);
                await using var kill = new NpgsqlCommand("select pg_terminate_backend($1)", admin);
                kill.Parameters.AddWithValue(conn.ProcessID);
                await kill.ExecuteNonQueryAsync(ct);
            },
        };

        await Assert.ThrowsAnyAsync<Exception>(() => crashing.SealBatchAsync(tenant, 10));

        Assert.Equal(20, await _bed.ChainLengthAsync(tenant));
        Assert.Equal(30L, await ChainTestbed.ScalarAsync<long>(db.Owner, "select count(*) from audit.seal_queue where tenant_id = $1", tenant));
        await _bed.Sealer.SealPendingAsync(tenant, batchSize: 7);
        await AssertContiguousAsync(tenant);
        Assert.Equal(50, await _bed.ChainLengthAsync(tenant));
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);
    }

    [Fact]
    public async Task Sealer_aborted_by_an_error_mid_batch_rolls_back_the_whole_batch()
    {
        var tenant = await db.CreateTenantAsync("abort");
        await _bed.AppendAsync(tenant, 12);
        var failing = new EventSealer(db.SealerSource) { BeforeCommit = (_, _) => throw new IOException("disk gone") };

        await Assert.ThrowsAsync<IOException>(() => failing.SealBatchAsync(tenant, 100));

        Assert.Equal(0, await _bed.ChainLengthAsync(tenant));
        Assert.Equal(0L, await ChainTestbed.ScalarAsync<long>(db.Owner, "select count(*) from audit.merkle_nodes where tenant_id = $1", tenant));
        Assert.Equal(12, (await _bed.Sealer.SealPendingAsync(tenant)).EventsSealed);
        await AssertContiguousAsync(tenant);
    }

    [Fact]
    public async Task Values_canonical_JSON_cannot_express_never_block_sealing()
    {
        var tenant = await db.CreateTenantAsync("huge");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "select audit.append_event($1, 'u1', 'user', 'reading.record', 'create', 'reading', '1', null, '{\"x\": 1e400, \"tiny\": 1e-400}')", conn);
            cmd.Parameters.AddWithValue(tenant);
            await cmd.ExecuteScalarAsync();
        }

        Assert.Equal(1, (await _bed.Sealer.SealPendingAsync(tenant)).EventsSealed);
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);
    }

    [Fact]
    public async Task Second_sealer_backs_off_while_one_holds_the_lock()
    {
        var tenant = await db.CreateTenantAsync("busy");
        await _bed.AppendAsync(tenant, 3);
        await using var holder = new NpgsqlConnection(db.Sealer);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("select pg_advisory_xact_lock($1)", holder))
        {
            take.Parameters.AddWithValue(EventSealer.LockKey);
            await take.ExecuteNonQueryAsync();
        }

        var result = await _bed.Sealer.SealBatchAsync(tenant);

        Assert.True(result.Busy);
        Assert.Equal(0, await _bed.ChainLengthAsync(tenant));
        await tx.RollbackAsync();
        Assert.Equal(3, (await _bed.Sealer.SealBatchAsync(tenant)).EventsSealed);
    }

    [Fact]
    public async Task Writers_never_wait_for_a_running_sealer()
    {
        var tenant = await db.CreateTenantAsync("nowait");
        await _bed.AppendAsync(tenant, 5);
        var appended = new TaskCompletionSource();
        var sealer = new EventSealer(db.SealerSource)
        {
            // While the sealing transaction is open (locks held, queue rows deleted), a writer appends.
            BeforeCommit = async (_, _) =>
            {
                var write = _bed.AppendAsync(tenant, 2);
                Assert.Same(write, await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(5))));
                appended.SetResult();
            },
        };

        var result = await sealer.SealBatchAsync(tenant);

        await appended.Task;
        Assert.Equal(5, result.EventsSealed);
        Assert.Equal(2L, await ChainTestbed.ScalarAsync<long>(db.Owner, "select count(*) from audit.seal_queue where tenant_id = $1", tenant));
    }

    [Fact]
    public async Task Sealer_role_cannot_rewrite_seals()
    {
        var tenant = await db.CreateTenantAsync("role");
        await _bed.AppendAndSealAsync(tenant, 2);
        await using var conn = new NpgsqlConnection(db.Sealer);
        await conn.OpenAsync();
        var ex = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("update audit.seals set seq = seq + 10", conn).ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
    }

    [Fact]
    public async Task Owner_cannot_change_seals_checkpoints_or_verifications()
    {
        var tenant = await db.CreateTenantAsync("owner");
        await _bed.AppendAndSealAsync(tenant, 2);
        await _bed.CheckpointAsync(tenant);
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        foreach (var sql in new[] { "delete from audit.seals", "update audit.checkpoints set tree_size = 0", "truncate audit.merkle_nodes" })
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, conn).ExecuteNonQueryAsync());
            Assert.Equal("AE100", ex.SqlState);
        }
    }

    [Fact]
    public async Task Reader_sees_only_its_own_tenants_seals()
    {
        var mine = await db.CreateTenantAsync("mine");
        var other = await db.CreateTenantAsync("other");
        await _bed.AppendAndSealAsync(mine, 3);
        await _bed.AppendAndSealAsync(other, 4);
        await using var conn = new NpgsqlConnection(db.Reader);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var scope = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn))
        {
            scope.Parameters.AddWithValue(mine);
            await scope.ExecuteNonQueryAsync();
        }
        await using var count = new NpgsqlCommand("select count(*) from audit.seals", conn);
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }
}
