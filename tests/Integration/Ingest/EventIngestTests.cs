using AuditExplorer.Data.Ingest;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Tests.Integration.Integrity;

namespace AuditExplorer.Tests.Integration.Ingest;

[Collection(StoreCollection.Name)]
public sealed class EventIngestTests(PostgresFixture db)
{
    private readonly IngestTestbed _bed = new(db);
    private readonly ChainTestbed _chain = new(db);

    private async Task<(string Tenant, ApiKeyToken Key)> TenantWithKeyAsync()
    {
        var tenant = await db.CreateTenantAsync("ingest");
        return (tenant, await _bed.Keys.CreateAsync(tenant, IngestTestbed.Admin, "sender", CancellationToken.None));
    }

    private Task<long> CountAsync(string tenant) =>
        ChainTestbed.ScalarAsync<long>(db.SuperUser, "select count(*) from audit.events where tenant_id = $1 and change_kind <> 'access'", tenant);

    [Fact]
    public async Task A_retried_batch_returns_the_same_ids_and_appends_nothing_twice()
    {
        var (tenant, key) = await TenantWithKeyAsync();
        var body = IngestTestbed.Body($"[{IngestTestbed.Event("inv-1")}, {IngestTestbed.Event("inv-2")}]");

        var first = await _bed.Ingest.IngestAsync(tenant, key.KeyId, "batch-1", body, CancellationToken.None);
        var retry = await _bed.Ingest.IngestAsync(tenant, key.KeyId, "batch-1", body, CancellationToken.None);

        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.EventIds, retry.EventIds);
        Assert.Equal(2, await CountAsync(tenant));
        // Another key makes another batch, even with the same Idempotency-Key.
        var second = await _bed.Keys.CreateAsync(tenant, IngestTestbed.Admin, "other sender", CancellationToken.None);
        Assert.False((await _bed.Ingest.IngestAsync(tenant, second.KeyId, "batch-1", body, CancellationToken.None)).Replayed);
        Assert.Equal(4, await CountAsync(tenant));
    }

    [Fact]
    public async Task Each_ingested_batch_is_one_access_event_naming_its_key_and_events_and_a_replay_adds_none()
    {
        var (tenant, key) = await TenantWithKeyAsync();
        var body = IngestTestbed.Body($"[{IngestTestbed.Event("inv-a")}, {IngestTestbed.Event("inv-b")}, {IngestTestbed.Event("inv-c")}]");

        var first = await _bed.Ingest.IngestAsync(tenant, key.KeyId, "batch-acc", body, CancellationToken.None);
        await _bed.Ingest.IngestAsync(tenant, key.KeyId, "batch-acc", body, CancellationToken.None);

        const string sql = "select actor_id || '|' || actor_kind || '|' || entity_id || '|' || new_values::text from audit.events where tenant_id = $1 and action = 'ingest.batch_received' and change_kind = 'access'";
        var rows = await ChainTestbed.ScalarAsync<long>(db.SuperUser, "select count(*) from audit.events where tenant_id = $1 and action = 'ingest.batch_received'", tenant);
        Assert.Equal(1L, rows); // the replay recorded nothing
        var recorded = await ChainTestbed.ScalarAsync<string>(db.SuperUser, sql, tenant);
        Assert.StartsWith($"{key.KeyId}|api-key|batch-acc|", recorded);
        var values = System.Text.Json.JsonDocument.Parse(recorded.Split('|', 4)[3]).RootElement;
        Assert.Equal(3, values.GetProperty("events").GetInt32());
        Assert.Equal(first.EventIds[0], values.GetProperty("first_event_id").GetGuid());
        Assert.Equal(first.EventIds[^1], values.GetProperty("last_event_id").GetGuid());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), values.GetProperty("request_sha256").GetString());
    }

    [Fact]
    public async Task Concurrent_retries_of_one_batch_append_it_once()
    {
        var (tenant, key) = await TenantWithKeyAsync();
        var body = IngestTestbed.Body(IngestTestbed.Event("inv-9"));
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _bed.Ingest.IngestAsync(tenant, key.KeyId, "same", body, CancellationToken.None)));
        Assert.Single(results.Select(r => r.EventIds[0]).Distinct());
        Assert.Equal(1, await CountAsync(tenant));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_as_a_conflict()
    {
        var (tenant, key) = await TenantWithKeyAsync();
        await _bed.Ingest.IngestAsync(tenant, key.KeyId, "k", IngestTestbed.Body(IngestTestbed.Event("a")), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<IngestRejectedException>(() =>
            _bed.Ingest.IngestAsync(tenant, key.KeyId, "k", IngestTestbed.Body(IngestTestbed.Event("b")), CancellationToken.None));
        Assert.True(ex.Conflict);
        Assert.Equal("IDEMPOTENCY_MISMATCH", ex.Code);
        Assert.Equal(1, await CountAsync(tenant));
    }

    [Fact]
    public async Task Events_are_checked_by_the_write_contract_and_a_refusal_names_the_event()
    {
        var (tenant, key) = await TenantWithKeyAsync();
        var body = IngestTestbed.Body($"[{IngestTestbed.Event("a")}, {IngestTestbed.Event("b", changeKind: "publish")}]");
        var ex = await Assert.ThrowsAsync<IngestRejectedException>(() => _bed.Ingest.IngestAsync(tenant, key.KeyId, "bad", body, CancellationToken.None));
        Assert.Equal("AE005", ex.Code);
        Assert.Equal(1, ex.EventIndex);
        Assert.Equal(0, await CountAsync(tenant));
        // Nothing was recorded under the key: the corrected batch may reuse it.
        var fixedBody = IngestTestbed.Body($"[{IngestTestbed.Event("a")}, {IngestTestbed.Event("b")}]");
        Assert.False((await _bed.Ingest.IngestAsync(tenant, key.KeyId, "bad", fixedBody, CancellationToken.None)).Replayed);
    }

    [Theory]
    [InlineData("""{"action": "invoice.create", "change_kind": "create", "entity_type": "invoice", "entity_id": "1", "actor_id": "u-admin"}""", "\"actor_id\" is set by the URL and the API key")]
    [InlineData("""{"action": "invoice.create", "change_kind": "create", "entity_type": "invoice", "entity_id": "1", "tenant_id": "other"}""", "\"tenant_id\" is set by the URL and the API key")]
    [InlineData("""[]""", "A batch holds 1 to 1,000 events")]
    [InlineData("""42""", "Send one event object or an array")]
    [InlineData("""{"action": """, "The body is not well-formed JSON")]
    public async Task Malformed_batches_are_refused_with_a_clear_message(string json, string message)
    {
        var (tenant, key) = await TenantWithKeyAsync();
        var ex = await Assert.ThrowsAsync<IngestRejectedException>(() => _bed.Ingest.IngestAsync(tenant, key.KeyId, "m", IngestTestbed.Body(json), CancellationToken.None));
        Assert.Equal("AE030", ex.Code);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public async Task More_than_a_thousand_events_are_refused()
    {
        var (tenant, key) = await TenantWithKeyAsync();
        var body = IngestTestbed.Body("[" + string.Join(",", Enumerable.Range(0, 1001).Select(i => IngestTestbed.Event($"i-{i}"))) + "]");
        var ex = await Assert.ThrowsAsync<IngestRejectedException>(() => _bed.Ingest.IngestAsync(tenant, key.KeyId, "big", body, CancellationToken.None));
        Assert.Contains("this one holds 1,001", ex.Message);
    }

    [Fact]
    public async Task The_key_is_the_actor_and_the_receipt_proves_the_event_in_a_signed_checkpoint()
    {
        var (tenant, key) = await TenantWithKeyAsync();
        var id = (await _bed.Ingest.IngestAsync(tenant, key.KeyId, "r", IngestTestbed.Body(IngestTestbed.Event("inv-7")), CancellationToken.None)).EventIds[0];
        Assert.Equal($"{key.KeyId}:api-key", await ChainTestbed.ScalarAsync<string>(db.SuperUser,
            "select actor_id || ':' || actor_kind from audit.events where tenant_id = $1 and id = $2", tenant, id));

        var pending = await _bed.Receipts.FindAsync(tenant, key.KeyId, id, CancellationToken.None);
        Assert.NotNull(pending);
        Assert.Null(pending.Seq);
        Assert.False(pending.Complete);

        await _chain.Sealer.SealPendingAsync(tenant);
        Assert.Null((await _bed.Receipts.FindAsync(tenant, key.KeyId, id, CancellationToken.None))!.Proof);
        await _chain.CheckpointAsync(tenant);
        var receipt = await _bed.Receipts.FindAsync(tenant, key.KeyId, id, CancellationToken.None);

        Assert.NotNull(receipt);
        Assert.True(receipt.Complete);
        Assert.True(_chain.Keyring.Verify(receipt.Checkpoint!.Note).IsValid);
        Assert.True(MerkleProofVerifier.VerifyInclusion(receipt.LeafHash!, receipt.Seq!.Value - 1, receipt.Proof!.TreeSize, receipt.Proof.Path, receipt.Checkpoint.RootHash));
        // Another key of the same tenant gets no receipt for it.
        var stranger = await _bed.Keys.CreateAsync(tenant, IngestTestbed.Admin, "stranger", CancellationToken.None);
        Assert.Null(await _bed.Receipts.FindAsync(tenant, stranger.KeyId, id, CancellationToken.None));
    }
}
