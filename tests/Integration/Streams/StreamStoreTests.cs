using AuditExplorer.Data.Access;
using AuditExplorer.Data.Streams;
using AuditExplorer.Tests.Integration.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Streams;

[Collection(StoreCollection.Name)]
public sealed class StreamStoreTests(PostgresFixture db)
{
    private readonly StreamTestbed _bed = new(db);

    [Fact]
    public async Task Every_change_to_a_stream_is_an_access_event_and_a_change_of_nothing_is_not()
    {
        var tenant = await db.CreateTenantAsync("streams");
        await using var receiver = new LoopbackWebhookReceiver();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver, name: "splunk");
        var admin = StreamTestbed.Admin;
        Assert.True(await _bed.Streams.PauseAsync(tenant, admin, stream.Id, CancellationToken.None));
        Assert.False(await _bed.Streams.PauseAsync(tenant, admin, stream.Id, CancellationToken.None));
        Assert.True(await _bed.Streams.ResumeAsync(tenant, admin, stream.Id, CancellationToken.None));
        Assert.True(await _bed.Streams.ChangeSettingsAsync(tenant, admin, stream.Id, """{"url": "https://siem.example/new"}""", CancellationToken.None));
        Assert.True(await _bed.Streams.DeleteAsync(tenant, admin, stream.Id, CancellationToken.None));
        Assert.False(await _bed.Streams.DeleteAsync(tenant, admin, stream.Id, CancellationToken.None));

        var actions = await ChainTestbed.ScalarAsync<string>(db.SuperUser,
            "select string_agg(action || ':' || actor_id || ':' || entity_id, ',' order by recorded_at) from audit.events where tenant_id = $1 and change_kind = 'access'", tenant);
        var id = stream.Id.ToString("D");
        Assert.Equal(string.Join(',', new[] { "create", "pause", "resume", "update", "delete" }.Select(a => $"audit_log.stream_{a}:usr_dave:{id}")), actions);
        Assert.Empty(await _bed.Streams.ListAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task The_secret_is_never_listed_and_the_web_role_cannot_read_it()
    {
        var tenant = await db.CreateTenantAsync("streams");
        await using var receiver = new LoopbackWebhookReceiver();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        Assert.NotNull(stream.Secret);

        var listed = await _bed.Streams.ListAsync(tenant, CancellationToken.None);
        Assert.DoesNotContain(stream.Secret, System.Text.Json.JsonSerializer.Serialize(listed));
        var events = await ChainTestbed.ScalarAsync<string>(db.SuperUser, "select string_agg(e::text, '') from audit.events e where tenant_id = $1", tenant);
        Assert.DoesNotContain(stream.Secret, events);

        await using var conn = new NpgsqlConnection(db.Reader);
        await conn.OpenAsync();
        await using var tx = await TenantScope.BeginAsync(conn, tenant, CancellationToken.None);
        await using var read = new NpgsqlCommand("select secret from web.streams", conn, tx);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => read.ExecuteScalarAsync());
        Assert.Equal("42501", ex.SqlState); // permission denied for the column
    }

    [Fact]
    public async Task The_reader_sees_only_its_scoped_tenant_streams_and_cannot_move_a_position_past_the_sealed_log()
    {
        var tenant = await db.CreateTenantAsync("streams");
        var other = await db.CreateTenantAsync("streams");
        await using var receiver = new LoopbackWebhookReceiver();
        var mine = await _bed.CreateWebhookAsync(tenant, receiver, name: "mine");
        await _bed.CreateWebhookAsync(other, receiver, name: "theirs");
        await _bed.Chain.AppendAndSealAsync(tenant, 3);

        Assert.Equal(["mine"], (await _bed.Streams.ListAsync(tenant, CancellationToken.None)).Select(s => s.Name));
        await using var conn = new NpgsqlConnection(db.Reader);
        await conn.OpenAsync();
        await using var tx = await TenantScope.BeginAsync(conn, tenant, CancellationToken.None);
        await using var skip = new NpgsqlCommand("update web.streams set position = 999 where id = $1", conn, tx);
        skip.Parameters.AddWithValue(mine.Id);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => skip.ExecuteNonQueryAsync());
        Assert.Equal("AE271", ex.SqlState);
    }

    [Fact]
    public async Task A_stream_starting_now_skips_the_existing_backlog()
    {
        var tenant = await db.CreateTenantAsync("streams");
        var head = await _bed.Chain.AppendAndSealAsync(tenant, 4);
        await using var receiver = new LoopbackWebhookReceiver();
        var now = await _bed.CreateWebhookAsync(tenant, receiver, start: StreamStart.Now);
        var beginning = await _bed.CreateWebhookAsync(tenant, receiver);
        Assert.Equal(head, (await _bed.StreamAsync(tenant, now.Id)).Position);
        Assert.Equal(head, (await _bed.StreamAsync(tenant, beginning.Id)).Lag);
    }

    [Theory]
    [InlineData("", "webhook", "{}", "", "event-json", "support", "a name")]
    [InlineData("s", "carrier-pigeon", "{}", "", "event-json", "support", "not a destination")]
    [InlineData("s", "webhook", "not json", "", "event-json", "support", "not JSON")]
    [InlineData("s", "webhook", """{"url": "https://x.example"}""", "?q=secret", "event-json", "support", "words inside values")]
    [InlineData("s", "webhook", """{"url": "https://x.example"}""", "?type=x' OR 1=1--", "event-json", "support", "record type")]
    [InlineData("s", "webhook", """{"url": "https://x.example"}""", "", "xml", "support", "not a stream format")]
    [InlineData("s", "webhook", """{"url": "https://x.example"}""", "", "ocsf", "everyone", "not a privacy level")]
    public async Task An_unusable_request_is_refused_with_what_to_fix_and_creates_nothing(string name, string kind, string settings,
        string filter, string format, string privacy, string problem)
    {
        var tenant = await db.CreateTenantAsync("streams");
        var ex = await Assert.ThrowsAsync<StreamRejectedException>(() => _bed.Streams.CreateAsync(tenant, StreamTestbed.Admin,
            new NewStream(name, kind, settings, filter, format, privacy, StreamStart.Beginning), CancellationToken.None));
        Assert.Contains(problem, ex.Message);
        Assert.Empty(await _bed.Streams.ListAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task Two_streams_of_a_tenant_cannot_share_a_name()
    {
        var tenant = await db.CreateTenantAsync("streams");
        await using var receiver = new LoopbackWebhookReceiver();
        await _bed.CreateWebhookAsync(tenant, receiver, name: "siem");
        var ex = await Assert.ThrowsAsync<StreamRejectedException>(() => _bed.CreateWebhookAsync(tenant, receiver, name: "siem"));
        Assert.Contains("already has a stream named", ex.Message);
    }
}
