using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Nats;

namespace AuditExplorer.Tests.Integration.Streams.Nats;

/// <summary>The NATS JetStream destination against a real nats-server (Debian's package, started by scripts/nats.sh).</summary>
public sealed class NatsDestinationTests
{
    static IStreamDestination Destination(NatsServer server, string stream, string subject = "audit.{tenant}", int ackTimeoutSeconds = 10) =>
        new NatsDestinationFactory(_ => null).Create(JsonSerializer.SerializeToElement(new
        {
            url = server.Url, subject, stream, ack_timeout_seconds = ackTimeoutSeconds,
        }));

    /// <summary>As the stream worker does: the client needs a moment to reconnect, so a try may time out first.</summary>
    static async Task DeliverWithRetriesAsync(IStreamDestination destination, IReadOnlyList<StreamMessage> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await destination.DeliverAsync(batch, CancellationToken.None); return; }
            catch (StreamDeliveryException) when (attempt < 10) { await Task.Delay(500); }
        }
    }

    [Fact]
    public async Task Every_message_lands_in_the_stream_in_order_with_its_id_tenant_and_seq()
    {
        await using var nats = await NatsServer.StartAsync();
        await nats.CreateStreamAsync("AUDIT", "audit.>");
        // More than one window of unacknowledged publishes, so acks are awaited while publishing goes on.
        var batch = TestStreamMessages.Batch("acme", 1, NatsDestination.Window * 2 + 7);
        await using (var destination = Destination(nats, "AUDIT"))
            await destination.DeliverAsync(batch, CancellationToken.None);

        var stored = await nats.ReadAllAsync("AUDIT");
        Assert.Equal(batch.Count, stored.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal("audit.acme", stored[i].Subject);
            Assert.Equal(batch[i].IdempotencyKey, stored[i].Headers!["Nats-Msg-Id"].ToString());
            Assert.Equal(batch[i].Seq.ToString(), stored[i].Headers!["Ae-Seq"].ToString());
            Assert.Equal(batch[i].EventId.ToString(), stored[i].Headers!["Ae-Event-Id"].ToString());
            Assert.Equal("application/json", stored[i].Headers!["Content-Type"].ToString());
            Assert.Equal(Encoding.UTF8.GetString(batch[i].Body.Span), Encoding.UTF8.GetString(stored[i].Data!));
        }
    }

    [Fact]
    public async Task A_retried_batch_is_dropped_by_JetStream_as_duplicates_while_new_seqs_are_stored()
    {
        await using var nats = await NatsServer.StartAsync();
        await nats.CreateStreamAsync("AUDIT", "audit.>");
        await using var destination = Destination(nats, "AUDIT");
        var batch = TestStreamMessages.Batch("acme", 1, 100);

        await destination.DeliverAsync(batch, CancellationToken.None);
        await destination.DeliverAsync(batch, CancellationToken.None);
        Assert.Equal(100, await nats.MessageCountAsync("AUDIT"));

        // Contrast: the same events of another tenant have other idempotency keys, so they are new messages.
        await destination.DeliverAsync(TestStreamMessages.Batch("globex", 1, 100), CancellationToken.None);
        Assert.Equal(200, await nats.MessageCountAsync("AUDIT"));
    }

    [Fact]
    public async Task A_subject_no_stream_captures_fails_with_what_to_create()
    {
        await using var nats = await NatsServer.StartAsync();
        await nats.CreateStreamAsync("OTHER", "other.>");
        await using var destination = Destination(nats, "AUDIT");

        var failure = await Assert.ThrowsAsync<StreamDeliveryException>(() => destination.DeliverAsync(TestStreamMessages.Batch("acme", 1, 3), CancellationToken.None));
        Assert.Contains("No JetStream stream", failure.Message);
        Assert.Contains("\"audit.acme\"", failure.Message);
        Assert.Contains("Create stream \"AUDIT\"", failure.Message);
    }

    [Fact]
    public async Task A_subject_captured_by_another_stream_than_the_configured_one_is_refused()
    {
        await using var nats = await NatsServer.StartAsync();
        await nats.CreateStreamAsync("SOMEONE_ELSES", "audit.>");
        await using var destination = Destination(nats, "AUDIT");

        var failure = await Assert.ThrowsAsync<StreamDeliveryException>(() => destination.DeliverAsync(TestStreamMessages.Batch("acme", 1, 3), CancellationToken.None));
        Assert.Contains("JetStream refused event acme:1", failure.Message);
        Assert.Equal(0, await nats.MessageCountAsync("SOMEONE_ELSES"));
    }

    [Fact]
    public async Task Killing_nats_server_fails_the_batch_and_a_retry_after_restart_stores_every_event_once()
    {
        await using var nats = await NatsServer.StartAsync();
        await nats.CreateStreamAsync("AUDIT", "audit.>");
        await using var destination = Destination(nats, "AUDIT", ackTimeoutSeconds: 3);
        await destination.DeliverAsync(TestStreamMessages.Batch("acme", 1, 50), CancellationToken.None);

        var pid = await nats.PidAsync();
        var big = TestStreamMessages.Batch("acme", 51, 20_000);
        var delivery = destination.DeliverAsync(big, CancellationToken.None);
        await ServerScript.SignalAsync(pid, "KILL");
        await ServerScript.WaitForExitAsync(pid);
        var failure = await Assert.ThrowsAsync<StreamDeliveryException>(() => delivery);
        Assert.Contains(nats.Url, failure.Message);

        // The store survives the crash; the retry's messages already stored are dropped by their Nats-Msg-Id.
        await nats.StartAgainAsync();
        await DeliverWithRetriesAsync(destination, big);

        var stored = await nats.ReadAllAsync("AUDIT");
        Assert.Equal(Enumerable.Range(1, 20_050).Select(i => $"acme:{i}"), stored.Select(m => m.Headers!["Nats-Msg-Id"].ToString()));
    }
}
