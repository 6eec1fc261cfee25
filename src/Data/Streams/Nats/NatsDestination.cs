using System.Globalization;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace AuditExplorer.Data.Streams.Nats;

/// <summary>
/// Publishes each message to JetStream with <c>Nats-Msg-Id</c> = the idempotency key, so the stream drops a retried
/// message it already holds (within its duplicate window), and returns only once every message's PubAck arrived.
/// Publishes go out in order, up to <see cref="Window"/> unacknowledged at a time; a refused message fails the batch.
/// </summary>
public sealed class NatsDestination(NatsSettings settings, NatsAuthOpts auth) : IStreamDestination
{
    /// <summary>Unacknowledged publishes in flight: enough to hide the round trip, few enough that a failure stops early.</summary>
    public const int Window = 256;

    NatsConnection? _connection;
    NatsJSContext? _js;

    /// <inheritdoc />
    public async Task DeliverAsync(IReadOnlyList<StreamMessage> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var subjects = new string[batch.Count];
        for (var i = 0; i < batch.Count; i++)
            subjects[i] = settings.SubjectFor(batch[i].TenantId)
                ?? throw new StreamDeliveryException($"Tenant id \"{batch[i].TenantId}\" cannot be a NATS subject token (it holds a dot, space or wildcard).");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.AckTimeout);
        var current = 0;
        try
        {
            var js = Context();
            var futures = new Queue<(int Index, NatsJSPublishConcurrentFuture Future)>(Window);
            try
            {
                for (current = 0; current < batch.Count; current++)
                {
                    if (futures.Count == Window) await AwaitAckAsync(futures.Dequeue(), batch, subjects, timeout.Token);
                    var m = batch[current];
                    var headers = new NatsHeaders
                    {
                        ["Ae-Tenant"] = m.TenantId,
                        ["Ae-Seq"] = m.Seq.ToString(CultureInfo.InvariantCulture),
                        ["Ae-Event-Id"] = m.EventId.ToString("D"),
                        ["Content-Type"] = m.ContentType,
                    };
                    var future = await js.PublishConcurrentAsync(subjects[current], m.Body, NatsRawSerializer<ReadOnlyMemory<byte>>.Default,
                        new NatsJSPubOpts { MsgId = m.IdempotencyKey, ExpectedStream = settings.Stream }, headers, timeout.Token);
                    futures.Enqueue((current, future));
                }
                while (futures.Count > 0) await AwaitAckAsync(futures.Dequeue(), batch, subjects, timeout.Token);
            }
            finally
            {
                foreach (var (_, future) in futures) await future.DisposeAsync();
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new StreamDeliveryException(
                $"No PubAck from {settings.Url} within {settings.AckTimeout.TotalSeconds:0} s (batch seq {batch[0].Seq}..{batch[^1].Seq}). " +
                "Check that nats-server runs with JetStream enabled and is reachable; the batch is sent again on the next try " +
                "and JetStream drops the messages it already holds (same Nats-Msg-Id).", e);
        }
        catch (NatsException e) when (e is not NatsJSApiException)
        {
            throw new StreamDeliveryException($"NATS at {settings.Url} did not take the batch (seq {batch[0].Seq}..{batch[^1].Seq}): {e.Message}. Check the url, the credentials and that the server runs.", e);
        }
    }

    async Task AwaitAckAsync((int Index, NatsJSPublishConcurrentFuture Future) entry, IReadOnlyList<StreamMessage> batch, string[] subjects, CancellationToken ct)
    {
        var m = batch[entry.Index];
        await using var future = entry.Future;
        try
        {
            var ack = await future.GetResponseAsync(ct);
            ack.EnsureSuccess();
        }
        catch (Exception e) when (e is NatsNoRespondersException or NatsJSPublishNoResponseException)
        {
            throw new StreamDeliveryException(
                $"No JetStream stream on {settings.Url} captures subject \"{subjects[entry.Index]}\" (event {m.IdempotencyKey}). " +
                $"Create stream \"{settings.Stream}\" with a subject that matches it (for example {settings.Subject.Replace(NatsSettings.TenantPlaceholder, "*", StringComparison.Ordinal)}), " +
                "or correct the stream's subject template; check that the server runs with JetStream (-js).", e);
        }
        catch (NatsJSApiException e)
        {
            throw new StreamDeliveryException(
                $"JetStream refused event {m.IdempotencyKey} on subject \"{subjects[entry.Index]}\": {e.Error.Description} (error {e.Error.ErrCode}). " +
                $"Check that stream \"{settings.Stream}\" exists, captures this subject and has room (its limits and discard policy).", e);
        }
    }

    NatsJSContext Context()
    {
        if (_js is not null) return _js;
        _connection = new NatsConnection(NatsOpts.Default with
        {
            Url = settings.Url,
            Name = "auditexplorer-stream",
            AuthOpts = auth,
            ConnectTimeout = settings.AckTimeout,
            RequestTimeout = settings.AckTimeout,
        });
        _js = new NatsJSContext(_connection);
        return _js;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null; _js = null;
    }
}
