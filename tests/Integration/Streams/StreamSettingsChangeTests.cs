using System.Text.Json;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Webhook;
using AuditExplorer.Tests.Integration.Integrity;

namespace AuditExplorer.Tests.Integration.Streams;

[Collection(StoreCollection.Name)]
public sealed class StreamSettingsChangeTests(PostgresFixture db)
{
    private readonly StreamTestbed _bed = new(db);

    [Fact]
    public async Task A_new_url_is_audited_with_the_settings_it_replaced_and_delivery_continues_there_from_the_position_with_the_same_secret()
    {
        var tenant = await db.CreateTenantAsync("streamedit");
        await using var first = new LoopbackWebhookReceiver();
        await using var second = new LoopbackWebhookReceiver();
        first.Start();
        second.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, first);
        await _bed.Chain.AppendAndSealAsync(tenant, 3);
        await using var worker = _bed.Worker();
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).Lag == 0);
        var before = await _bed.StreamAsync(tenant, stream.Id);

        var settings = StreamTestbed.WebhookSettings(second);
        Assert.True(await _bed.Streams.ChangeSettingsAsync(tenant, StreamTestbed.Admin, stream.Id, settings, CancellationToken.None));

        var after = await _bed.StreamAsync(tenant, stream.Id);
        Assert.True(before.Position > 0);
        Assert.Equal(before.Position, after.Position);
        Assert.Equal(before.State, after.State);
        Assert.Contains(second.Url, after.Settings);
        var access = await ChainTestbed.ScalarAsync<string>(db.SuperUser,
            "select context -> 'access' from audit.events where tenant_id = $1 and action = 'audit_log.stream_update' and actor_id = 'usr_dave' and entity_id = $2",
            tenant, stream.Id.ToString("D"));
        using (var doc = JsonDocument.Parse(access))
        {
            Assert.Contains(second.Url, doc.RootElement.GetProperty("settings").GetString());
            Assert.Contains(first.Url, doc.RootElement.GetProperty("previous_settings").GetString());
        }

        // The next events go to the new receiver only, after the kept position, signed with the secret shown at creation.
        await _bed.Chain.AppendAndSealAsync(tenant, 2);
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).Lag == 0);
        // (Access events, such as this change's own, are sealed in the same chain but not in this stream's filter.)
        Assert.Equal(3, first.AcceptedSeqs().Count);
        Assert.All(first.AcceptedSeqs(), s => Assert.True(s.Seq <= before.Position));
        Assert.Equal(2, second.AcceptedSeqs().Count);
        Assert.All(second.AcceptedSeqs(), s => Assert.True(s.Seq > before.Position));
        var batch = second.Requests.Single();
        Assert.True(WebhookSignature.Verify(stream.Secret!, batch.Timestamp, batch.Signature, batch.Body));
    }

    [Fact]
    public async Task The_same_settings_again_change_nothing_and_record_nothing()
    {
        var tenant = await db.CreateTenantAsync("streamedit");
        await using var receiver = new LoopbackWebhookReceiver();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        var stored = (await _bed.StreamAsync(tenant, stream.Id)).Settings;

        // The same object with its keys in another order and other spacing is the same jsonb.
        using var doc = JsonDocument.Parse(stored);
        var reordered = "{" + string.Join(", ", doc.RootElement.EnumerateObject().Reverse().Select(p => $"\"{p.Name}\" : {p.Value.GetRawText()}")) + "}";
        Assert.False(await _bed.Streams.ChangeSettingsAsync(tenant, StreamTestbed.Admin, stream.Id, reordered, CancellationToken.None));
        Assert.True(await _bed.Streams.ChangeSettingsAsync(tenant, StreamTestbed.Admin, stream.Id, """{"url": "https://siem.example/moved"}""", CancellationToken.None));

        Assert.Equal(1L, await ChainTestbed.ScalarAsync<long>(db.SuperUser,
            "select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.stream_update'", tenant));
    }

    [Fact]
    public async Task Another_tenant_cannot_change_a_stream_and_nothing_is_recorded_in_either_tenant()
    {
        var tenant = await db.CreateTenantAsync("streamedit");
        var other = await db.CreateTenantAsync("streamedit");
        await using var receiver = new LoopbackWebhookReceiver();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        var stored = (await _bed.StreamAsync(tenant, stream.Id)).Settings;

        Assert.False(await _bed.Streams.ChangeSettingsAsync(other, StreamTestbed.Admin, stream.Id, """{"url": "https://evil.example/hook"}""", CancellationToken.None));

        Assert.Equal(stored, (await _bed.StreamAsync(tenant, stream.Id)).Settings);
        Assert.Equal(0L, await ChainTestbed.ScalarAsync<long>(db.SuperUser,
            "select count(*) from audit.events where tenant_id in ($1, $2) and action = 'audit_log.stream_update'", tenant, other));
        // The contrast: the stream's own tenant can.
        Assert.True(await _bed.Streams.ChangeSettingsAsync(tenant, StreamTestbed.Admin, stream.Id, """{"url": "https://siem.example/hook"}""", CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"url": "ftp://siem.example/hook"}""", "must use https")]
    [InlineData("""{"url": "https://siem.example/hook", "secret": "x"}""", "\"secret\" is not a webhook setting")]
    [InlineData("""{"url": "https://user:pw@siem.example/hook"}""", "must not hold a user name or password")]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "JSON object")]
    public async Task Unusable_settings_are_refused_with_the_factory_message_and_change_nothing(string settings, string problem)
    {
        var tenant = await db.CreateTenantAsync("streamedit");
        await using var receiver = new LoopbackWebhookReceiver();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        var stored = (await _bed.StreamAsync(tenant, stream.Id)).Settings;

        var ex = await Assert.ThrowsAsync<StreamRejectedException>(() =>
            _bed.Streams.ChangeSettingsAsync(tenant, StreamTestbed.Admin, stream.Id, settings, CancellationToken.None));

        Assert.Contains(problem, ex.Message);
        Assert.Equal(stored, (await _bed.StreamAsync(tenant, stream.Id)).Settings);
        Assert.Equal(0L, await ChainTestbed.ScalarAsync<long>(db.SuperUser,
            "select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.stream_update'", tenant));
    }
}
