using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Syslog;

namespace AuditExplorer.Tests.Integration.Streams.Syslog;

/// <summary>The syslog destination against a real rsyslog (Debian's package, started by scripts/rsyslog.sh).</summary>
public sealed class SyslogDestinationTests
{
    static IStreamDestination Destination(object settings) =>
        new SyslogDestinationFactory().Create(JsonSerializer.SerializeToElement(settings));

    [Fact]
    public async Task Every_message_of_a_batch_arrives_in_order_with_its_structured_data_and_body()
    {
        await using var rsyslog = await RsyslogServer.StartAsync();
        var batch = TestStreamMessages.Batch("acme", 1, 200);
        // A receiver must get SD-PARAM values back exactly, escapes included (RFC 5424 §6.3.3), and the body untouched.
        batch.Add(TestStreamMessages.Message("we\"ird]ten\\ant", 201, "{\"action\":\"a b\",\"note\":\"quote \\\" bracket ] backslash \\\\ € 漢字\"}"));
        await using (var destination = Destination(new { host = "127.0.0.1", port = rsyslog.Port, hostname = "ae-test-host" }))
            await destination.DeliverAsync(batch, CancellationToken.None);

        var received = await rsyslog.WaitForMessagesAsync(batch.Count);
        Assert.Equal(batch.Count, received.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var sent = batch[i];
            var got = received[i];
            Assert.Equal(13 * 8 + 6, got.Pri);
            Assert.Equal(sent.OccurredAt, DateTimeOffset.Parse(got.Timestamp, CultureInfo.InvariantCulture));
            Assert.EndsWith("Z", got.Timestamp);
            Assert.Equal("ae-test-host", got.Hostname);
            Assert.Equal("auditexplorer", got.AppName);
            Assert.Equal("-", got.ProcId);
            Assert.Equal(i < 200 ? "contract.publish" : "audit", got.MsgId);
            Assert.Equal("auditexplorer@32473", got.SdId);
            Assert.Equal(sent.TenantId, got.Params["tenant"]);
            Assert.Equal(sent.Seq.ToString(CultureInfo.InvariantCulture), got.Params["seq"]);
            Assert.Equal(sent.EventId.ToString(), got.Params["id"]);
            Assert.True(got.HasBom, "MSG starts with the UTF-8 BOM (RFC 5424 §6.4)");
            Assert.Equal(Encoding.UTF8.GetString(sent.Body.Span), got.Msg);
        }
    }

    [Fact]
    public async Task A_receiver_restarted_between_batches_gets_the_next_batch_on_a_new_connection()
    {
        await using var rsyslog = await RsyslogServer.StartAsync();
        await using var destination = Destination(new { host = "127.0.0.1", port = rsyslog.Port });
        await destination.DeliverAsync(TestStreamMessages.Batch("acme", 1, 10), CancellationToken.None);
        Assert.Equal(10, (await rsyslog.WaitForMessagesAsync(10)).Count);

        await rsyslog.StopAsync();
        await rsyslog.StartAgainAsync();
        // The kept connection is dead; writing into it would vanish in the kernel. The destination notices and reconnects.
        await destination.DeliverAsync(TestStreamMessages.Batch("acme", 11, 10), CancellationToken.None);

        var seqs = (await rsyslog.WaitForMessagesAsync(20)).Select(m => long.Parse(m.Params["seq"])).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task Killing_rsyslog_mid_batch_fails_the_batch_and_a_retry_after_restart_delivers_every_event()
    {
        await using var rsyslog = await RsyslogServer.StartAsync();
        await using var destination = Destination(new { host = "127.0.0.1", port = rsyslog.Port });
        await destination.DeliverAsync(TestStreamMessages.Batch("acme", 1, 50), CancellationToken.None);
        Assert.Equal(50, (await rsyslog.WaitForMessagesAsync(50)).Count);

        // Paused, rsyslog stops reading: the batch (far more than the socket buffers hold) blocks mid-way. Then it dies.
        var pid = await rsyslog.PidAsync();
        await ServerScript.SignalAsync(pid, "STOP");
        var big = TestStreamMessages.Batch("acme", 51, 40_000, padding: 600);
        var delivery = destination.DeliverAsync(big, CancellationToken.None);
        await Task.Delay(1500);
        Assert.False(delivery.IsCompleted, "a receiver that stopped reading cannot have taken 24 MB");
        await ServerScript.SignalAsync(pid, "KILL");
        await ServerScript.WaitForExitAsync(pid);

        var failure = await Assert.ThrowsAsync<StreamDeliveryException>(() => delivery);
        Assert.Contains($"tcp://127.0.0.1:{rsyslog.Port}", failure.Message);
        Assert.Contains("seq 51..40050", failure.Message);

        await rsyslog.StartAgainAsync();
        await destination.DeliverAsync(big, CancellationToken.None);

        var received = await rsyslog.WaitForMessagesAsync(40_050, TimeSpan.FromSeconds(60));
        var firstSeen = new List<long>();
        var idBySeq = new Dictionary<long, string>();
        foreach (var m in received)
        {
            var seq = long.Parse(m.Params["seq"]);
            // A duplicate (sent before the kill and again by the retry) carries the same id: receivers can drop it.
            if (idBySeq.TryGetValue(seq, out var id)) Assert.Equal(id, m.Params["id"]);
            else { idBySeq[seq] = m.Params["id"]; firstSeen.Add(seq); }
        }
        Assert.Equal(Enumerable.Range(1, 40_050).Select(i => (long)i), firstSeen);
        Assert.True(received.Count >= 40_050);
    }

    [Fact]
    public async Task An_event_over_max_message_bytes_refuses_the_whole_batch_and_sends_none_of_it()
    {
        await using var rsyslog = await RsyslogServer.StartAsync();
        await using var destination = Destination(new { host = "127.0.0.1", port = rsyslog.Port, max_message_bytes = 2048 });
        var batch = TestStreamMessages.Batch("acme", 1, 5);
        batch.Insert(3, TestStreamMessages.Message("acme", 99, "{\"big\":\"" + new string('x', 3000) + "\"}"));

        var failure = await Assert.ThrowsAsync<StreamDeliveryException>(() => destination.DeliverAsync(batch, CancellationToken.None));
        Assert.Contains("acme:99", failure.Message);
        Assert.Contains("max_message_bytes 2048", failure.Message);

        // The same batch without the oversized event goes through, so nothing else was at fault.
        batch.RemoveAt(3);
        await destination.DeliverAsync(batch, CancellationToken.None);
        var received = await rsyslog.WaitForMessagesAsync(5);
        Assert.Equal([1L, 2, 3, 4, 5], received.Select(m => long.Parse(m.Params["seq"])));
    }

    [Fact]
    public async Task Tls_delivers_to_rsyslog_whose_certificate_the_configured_CA_issued_for_the_host()
    {
        using var certs = TestCertificates.Create("AE Test Syslog CA", ["localhost"], [IPAddress.Loopback]);
        await using var rsyslog = await RsyslogServer.StartAsync(certs.CertFile, certs.KeyFile, certs.CaFile);
        await using var destination = Destination(new { host = "localhost", port = rsyslog.Port, tls = true, ca_file = certs.CaFile });
        await destination.DeliverAsync(TestStreamMessages.Batch("acme", 1, 20), CancellationToken.None);

        var received = await rsyslog.WaitForMessagesAsync(20);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), received.Select(m => long.Parse(m.Params["seq"])));
    }

    [Fact]
    public async Task Tls_refuses_a_receiver_whose_certificate_another_CA_issued()
    {
        using var certs = TestCertificates.Create("AE Test Syslog CA", ["localhost"], [IPAddress.Loopback]);
        using var otherCa = TestCertificates.Create("Some Other CA", ["localhost"], [IPAddress.Loopback]);
        await using var rsyslog = await RsyslogServer.StartAsync(certs.CertFile, certs.KeyFile, certs.CaFile);
        await using var destination = Destination(new { host = "localhost", port = rsyslog.Port, tls = true, ca_file = otherCa.CaFile });

        var failure = await Assert.ThrowsAsync<StreamDeliveryException>(() => destination.DeliverAsync(TestStreamMessages.Batch("acme", 1, 3), CancellationToken.None));
        Assert.Contains("TLS handshake failed", failure.Message);
        Assert.Empty(await rsyslog.WaitForMessagesAsync(1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Tls_refuses_a_certificate_issued_for_another_name_even_from_the_configured_CA()
    {
        using var certs = TestCertificates.Create("AE Test Syslog CA", ["syslog.example.test"], []);
        await using var rsyslog = await RsyslogServer.StartAsync(certs.CertFile, certs.KeyFile, certs.CaFile);
        await using var destination = Destination(new { host = "localhost", port = rsyslog.Port, tls = true, ca_file = certs.CaFile });

        var failure = await Assert.ThrowsAsync<StreamDeliveryException>(() => destination.DeliverAsync(TestStreamMessages.Batch("acme", 1, 3), CancellationToken.None));
        Assert.Contains("TLS handshake failed", failure.Message);
        Assert.Empty(await rsyslog.WaitForMessagesAsync(1, TimeSpan.FromSeconds(1)));
    }
}
