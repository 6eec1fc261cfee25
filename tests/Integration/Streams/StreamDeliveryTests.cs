using AuditExplorer.Data.Streams;
using AuditExplorer.Tests.Integration.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Streams;

[Collection(StoreCollection.Name)]
public sealed class StreamDeliveryTests(PostgresFixture db)
{
    private readonly StreamTestbed _bed = new(db);

    [Fact]
    public async Task Every_event_arrives_in_order_when_the_receiver_dies_mid_stream_and_comes_back()
    {
        var tenant = await db.CreateTenantAsync("stream");
        await using var receiver = new LoopbackWebhookReceiver { DieOnRequest = 3 };
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        var head = await _bed.Chain.AppendAndSealAsync(tenant, 1000);
        await using var worker = _bed.Worker();

        // The third batch reaches the receiver, which dies before answering: the stream fails and says why.
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).State == StreamStates.Failing);
        var failing = await _bed.StreamAsync(tenant, stream.Id);
        Assert.Contains("check that the receiver is running", failing.LastError);
        Assert.Equal(200, failing.Position); // two batches of 100 sealed events
        Assert.True(failing.Lag > 0);

        receiver.Start();
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).Position == head);

        var after = await _bed.StreamAsync(tenant, stream.Id);
        Assert.Equal(StreamStates.Active, after.State);
        Assert.Null(after.LastError);
        Assert.Equal(0, after.Lag);
        var business = await BusinessSeqsAsync(tenant);
        var arrived = receiver.Requests.SelectMany(r => r.Seqs().Select(s => (Seq: s, Key: r.IdempotencyKey))).ToList();
        // None missing, in order of first arrival.
        var firsts = arrived.Select(a => a.Seq).Distinct().ToList();
        Assert.Equal(business, firsts);
        // Duplicates only from the batch the dying receiver took in, and with the same idempotency key.
        var dying = receiver.Requests.ElementAt(2);
        var duplicates = arrived.GroupBy(a => a.Seq).Where(g => g.Count() > 1).ToList();
        Assert.NotEmpty(duplicates);
        Assert.All(duplicates, g =>
        {
            Assert.Contains(g.Key, dying.Seqs());
            Assert.Single(g.Select(a => a.Key).Distinct());
        });
        var dyingSeqs = dying.Seqs().ToList();
        Assert.Equal($"{tenant}:{dyingSeqs[0]}..{tenant}:{dyingSeqs[^1]}", dying.IdempotencyKey);
    }

    [Fact]
    public async Task A_receiver_that_hangs_holds_up_its_own_stream_and_not_another_tenants()
    {
        await using var pair = await HangingAndHealthyAsync();
        Assert.Equal(6, pair.FastCount);
        await using var worker = _bed.Worker();

        var round = worker.RunOnceAsync(CancellationToken.None);
        // Well inside the hanging receiver's 30 s: delivered one after the other, the healthy stream would wait it out.
        await UntilAsync(() => pair.Healthy.AcceptedSeqs().Count >= 5 && !pair.Hanging.Requests.IsEmpty);
        Assert.Equal(5, pair.Healthy.AcceptedSeqs().Count);
        Assert.False(round.IsCompleted, "the round ended although one receiver has not answered");
        Assert.Single(pair.Hanging.Requests);

        pair.Release.SetResult();
        await round;
        Assert.Equal(5, pair.Hanging.AcceptedSeqs().Count);
        Assert.Equal(pair.SlowCount, (await _bed.StreamAsync(pair.SlowTenant, pair.SlowStream)).Position);
    }

    [Fact]
    public async Task A_running_worker_delivers_another_tenants_new_events_while_one_receiver_still_hangs()
    {
        await using var pair = await HangingAndHealthyAsync();
        await using var worker = _bed.Worker();
        using var stop = new CancellationTokenSource();

        var running = worker.RunAsync(stop.Token);
        await UntilAsync(() => pair.Healthy.AcceptedSeqs().Count == 5 && !pair.Hanging.Requests.IsEmpty);
        // Events written after the healthy stream's first turn go out in a later round, which must not wait for
        // the turn still held by the hanging receiver (30 s).
        await _bed.Chain.AppendAndSealAsync(pair.FastTenant, 3);
        await UntilAsync(() => pair.Healthy.AcceptedSeqs().Count == 8);
        Assert.Single(pair.Hanging.Requests);
        Assert.False(running.IsCompleted);

        pair.Release.SetResult();
        await UntilAsync(() => pair.Hanging.AcceptedSeqs().Count == 5);
        stop.Cancel();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // stopping mid-wait ends the run this way
        }
        Assert.Equal(8, pair.Healthy.AcceptedSeqs().Select(a => a.Seq).Distinct().Count());
    }

    /// <summary>
    /// Two tenants with 5 sealed events each: the first ("hol-a-…", listed first) streams to a receiver that holds its
    /// answers until <see cref="HangingAndHealthy.Release"/> (30 s timeout, one attempt), the second to one that answers.
    /// Each log also holds its stream's creation, an access event the default filter leaves out.
    /// </summary>
    private async Task<HangingAndHealthy> HangingAndHealthyAsync()
    {
        var slowTenant = await db.CreateTenantAsync("hol-a");
        var fastTenant = await db.CreateTenantAsync("hol-b");
        var pair = new HangingAndHealthy(slowTenant, fastTenant, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        pair.Hanging.Start();
        pair.Healthy.Start();
        pair.SlowStream = (await _bed.Streams.CreateAsync(slowTenant, StreamTestbed.Admin, new NewStream("hangs", "webhook",
            $$"""{"url": "{{pair.Hanging.Url}}", "timeout_seconds": 30, "attempts": 1}""", "", StreamFormats.EventJson,
            StreamPrivacyLevels.Support, StreamStart.Beginning), CancellationToken.None)).Id;
        await _bed.CreateWebhookAsync(fastTenant, pair.Healthy);
        pair.SlowCount = await _bed.Chain.AppendAndSealAsync(slowTenant, 5);
        pair.FastCount = await _bed.Chain.AppendAndSealAsync(fastTenant, 5);
        return pair;
    }

    private sealed class HangingAndHealthy(string slowTenant, string fastTenant, TaskCompletionSource release) : IAsyncDisposable
    {
        public string SlowTenant { get; } = slowTenant;
        public string FastTenant { get; } = fastTenant;
        public TaskCompletionSource Release { get; } = release;
        public LoopbackWebhookReceiver Hanging { get; } = new() { Hold = release };
        public LoopbackWebhookReceiver Healthy { get; } = new();
        public Guid SlowStream { get; set; }
        public long SlowCount { get; set; }
        public long FastCount { get; set; }

        public async ValueTask DisposeAsync()
        {
            await Hanging.DisposeAsync();
            await Healthy.DisposeAsync();
        }
    }

    private static async Task UntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done() && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(done(), "not within 20 s");
    }

    [Fact]
    public async Task A_restarted_worker_resumes_from_the_stored_position_without_sending_anything_twice()
    {
        var tenant = await db.CreateTenantAsync("stream");
        await using var receiver = new LoopbackWebhookReceiver();
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        var head = await _bed.Chain.AppendAndSealAsync(tenant, 450);

        // One turn of one batch, then the process stops (its worker and destinations are gone).
        var options = StreamTestbed.FastOptions(batchSize: 100);
        options.BatchesPerTurn = 1;
        await using (var first = _bed.Worker(options))
            await first.RunOnceAsync(CancellationToken.None);
        var stopped = await _bed.StreamAsync(tenant, stream.Id);
        Assert.Equal(100, stopped.Position);

        await using var second = _bed.Worker();
        await StreamTestbed.RunUntilAsync(second, async () => (await _bed.StreamAsync(tenant, stream.Id)).Position == head);
        var seqs = receiver.AcceptedSeqs().Select(a => a.Seq).ToList();
        Assert.Equal(await BusinessSeqsAsync(tenant), seqs);
    }

    [Fact]
    public async Task A_paused_stream_keeps_its_backlog_and_shows_its_lag_until_it_is_resumed()
    {
        var tenant = await db.CreateTenantAsync("stream");
        await using var receiver = new LoopbackWebhookReceiver();
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        Assert.True(await _bed.Streams.PauseAsync(tenant, StreamTestbed.Admin, stream.Id, CancellationToken.None));
        var head = await _bed.Chain.AppendAndSealAsync(tenant, 30);
        await using var worker = _bed.Worker();

        await worker.RunOnceAsync(CancellationToken.None);
        var paused = await _bed.StreamAsync(tenant, stream.Id);
        Assert.Equal(StreamStates.Paused, paused.State);
        Assert.Equal(0, paused.Position);
        Assert.Equal(head, paused.Lag);
        Assert.NotNull(paused.OldestUndeliveredAt);
        Assert.Empty(receiver.Requests);

        Assert.True(await _bed.Streams.ResumeAsync(tenant, StreamTestbed.Admin, stream.Id, CancellationToken.None));
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).Lag == 0);
        Assert.Equal(30, receiver.AcceptedSeqs().Count);
        Assert.Null((await _bed.StreamAsync(tenant, stream.Id)).OldestUndeliveredAt);
    }

    [Fact]
    public async Task Only_sealed_events_are_streamed()
    {
        var tenant = await db.CreateTenantAsync("stream");
        await using var receiver = new LoopbackWebhookReceiver();
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        await _bed.Chain.AppendAsync(tenant, 10);
        await using var worker = _bed.Worker();

        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Empty(receiver.Requests);
        Assert.Equal(0, (await _bed.StreamAsync(tenant, stream.Id)).Position);

        await _bed.Chain.Sealer.SealPendingAsync(tenant);
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).Lag == 0);
        Assert.Equal(10, receiver.AcceptedSeqs().Count);
    }

    [Fact]
    public async Task Filtered_out_events_advance_the_position_and_delivered_events_carry_tenant_seq_and_hashes()
    {
        var tenant = await db.CreateTenantAsync("stream");
        await using var receiver = new LoopbackWebhookReceiver();
        receiver.Start();
        // ChainTestbed spreads its events over records 0..6 of type contract: only record 3.
        var stream = await _bed.CreateWebhookAsync(tenant, receiver, filter: "?type=contract&id=3");
        var head = await _bed.Chain.AppendAndSealAsync(tenant, 70);
        await using var worker = _bed.Worker();

        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).Position == head);
        var events = receiver.Requests.SelectMany(r => r.Events()).ToList();
        Assert.Equal(10, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal("3", e.GetProperty("event").GetProperty("entity").GetProperty("id").GetString());
            Assert.Equal(tenant, e.GetProperty("event").GetProperty("tenant_id").GetString());
            Assert.Equal(32, e.GetProperty("hash").GetBytesFromBase64().Length);
            Assert.Equal(32, e.GetProperty("leaf_hash").GetBytesFromBase64().Length);
        });
        // The line is the evidence package's: its hashes verify as a package's do.
        var first = events[0];
        var line = AuditExplorer.Data.Export.EventJsonLine.Parse(System.Text.Encoding.UTF8.GetBytes(first.GetRawText()));
        Assert.Equal(line.Hash, AuditExplorer.Data.Integrity.EventChainHash.Compute(
            AuditExplorer.Data.Integrity.EventCanonicalForm.Encode(line.Event, line.Seq, line.Links), line.PrevHash));
    }

    [Fact]
    public async Task A_stream_another_instance_is_delivering_is_left_alone()
    {
        var tenant = await db.CreateTenantAsync("stream");
        await using var receiver = new LoopbackWebhookReceiver();
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        await _bed.Chain.AppendAndSealAsync(tenant, 5);
        await using var worker = _bed.Worker();

        await using (var other = await _bed.Delivery.OpenLockConnectionAsync(CancellationToken.None))
        {
            Assert.True(await StreamDeliveryStore.TryLockAsync(other, tenant, stream.Id, unlock: false, CancellationToken.None));
            await worker.RunOnceAsync(CancellationToken.None);
            Assert.Empty(receiver.Requests);
        }
        // The other instance is gone (its connection closed, its lock with it): this one delivers.
        NpgsqlConnection.ClearAllPools();
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).Lag == 0);
        Assert.Equal(5, receiver.AcceptedSeqs().Count);
    }

    private async Task<List<long>> BusinessSeqsAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select s.seq from audit.seals s join audit.events e on e.tenant_id = s.tenant_id and e.id = s.event_id
            where s.tenant_id = $1 and e.change_kind <> 'access' order by s.seq
            """, conn);
        cmd.Parameters.AddWithValue(tenant);
        var seqs = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) seqs.Add(r.GetInt64(0));
        return seqs;
    }
}
