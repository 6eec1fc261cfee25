using System.Text.Json;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Webhook;

namespace AuditExplorer.Tests.Integration.Streams;

[Collection(StoreCollection.Name)]
public sealed class WebhookTests(PostgresFixture db)
{
    private readonly StreamTestbed _bed = new(db);

    [Fact]
    public async Task The_signature_verifies_with_the_stream_secret_and_fails_with_another()
    {
        var tenant = await db.CreateTenantAsync("webhook");
        await using var receiver = new LoopbackWebhookReceiver();
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        Assert.StartsWith("whsec_", stream.Secret);
        await _bed.Chain.AppendAndSealAsync(tenant, 3);
        await using var worker = _bed.Worker();
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).Lag == 0);

        var batch = receiver.Requests.Single();
        Assert.True(WebhookSignature.Verify(stream.Secret!, batch.Timestamp, batch.Signature, batch.Body));
        var other = await _bed.CreateWebhookAsync(tenant, receiver);
        Assert.False(WebhookSignature.Verify(other.Secret!, batch.Timestamp, batch.Signature, batch.Body));
        var tampered = (byte[])batch.Body.Clone();
        tampered[^3] ^= 1;
        Assert.False(WebhookSignature.Verify(stream.Secret!, batch.Timestamp, batch.Signature, tampered));
    }

    [Fact]
    public async Task A_refusing_receiver_fails_the_stream_at_once_and_a_server_error_is_retried()
    {
        var tenant = await db.CreateTenantAsync("webhook");
        await using var receiver = new LoopbackWebhookReceiver { Status = 401 };
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        await _bed.Chain.AppendAndSealAsync(tenant, 2);
        await using var worker = _bed.Worker();

        await worker.RunOnceAsync(CancellationToken.None);
        var refused = await _bed.StreamAsync(tenant, stream.Id);
        Assert.Equal(StreamStates.Failing, refused.State);
        Assert.Contains("answered 401", refused.LastError);
        Assert.Single(receiver.Requests); // a 4xx is not retried within the batch
        Assert.Equal(0, refused.Position);

        receiver.Status = 503;
        await Task.Delay(300); // past the stream's backoff
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(3, receiver.Requests.Count); // 503: retried (two attempts in these settings)
        Assert.Contains("answered 503", (await _bed.StreamAsync(tenant, stream.Id)).LastError);

        receiver.Status = 200;
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, stream.Id)).State == StreamStates.Active);
        Assert.Equal(0, (await _bed.StreamAsync(tenant, stream.Id)).Lag);
    }

    [Theory]
    [InlineData("""{"url": "http://siem.example/hook"}""", "must use https")]
    [InlineData("""{"url": "https://user:pw@siem.example/hook"}""", "user name or password")]
    [InlineData("""{"url": "https://siem.example/hook", "token": "x"}""", "not a webhook setting")]
    [InlineData("""{"url": "https://siem.example/hook", "timeout_seconds": 0}""", "timeout_seconds")]
    [InlineData("""{}""", "absolute \"url\"")]
    public void Unusable_webhook_settings_are_refused_with_what_to_fix(string settings, string problem)
    {
        using var doc = JsonDocument.Parse(settings);
        Assert.Contains(problem, new WebhookDestinationFactory().Validate(doc.RootElement));
    }

    [Fact]
    public void Https_and_loopback_http_are_accepted()
    {
        using var https = JsonDocument.Parse("""{"url": "https://siem.example/hook"}""");
        using var loopback = JsonDocument.Parse("""{"url": "http://127.0.0.1:9/hook"}""");
        Assert.Null(new WebhookDestinationFactory().Validate(https.RootElement));
        Assert.Null(new WebhookDestinationFactory().Validate(loopback.RootElement));
    }
}
