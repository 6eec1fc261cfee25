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

        try
        {
            await PublishAsync(batch, subjects, ct);
        }
        catch
        {
            // NATS.Net keeps unsent publishes across a reconnect and sends them later. Those of a failed batch would
            // then land after messages the retry has yet to resend, out of seq order: a failed batch ends its connection.
            await DropConnectionAsync();
            throw;
        }
    }

    async Task PublishAsync(IReadOnlyList<StreamMessage> batch, string[] subjects, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.AckTimeout);
        try
        {
            var js = Context();
            var futures = new Queue<(int Index, NatsJSPublishConcurrentFuture Future)>(Window);
            try
            {
                for (var current = 0; current < batch.Count; current++)
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
                // Publishes still in flight after a failure: their outcome no longer matters (the batch is resent
                // whole), and disposing rethrows their own error, which would hide the first and clearer one.
                foreach (var (_, future) in futures)
                {
                    try { await future.DisposeAsync(); }
                    catch (NatsException) { }
                }
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new StreamDeliveryException(
                $"No PubAck from {settings.Url} within {settings.AckTimeout.TotalSeconds:0} s (batch seq {batch[0].Seq}..{batch[^1].Seq}). " +
                "Check that nats-server runs with JetStream enabled and is reachable; the batch is sent again on the next try " +
                "and JetStream drops the messages it already holds (same Nats-Msg-Id).", e);
        }
        catch (NatsException e)
        {
            throw new StreamDeliveryException($"NATS at {settings.Url} did not take the batch (seq {batch[0].Seq}..{batch[^1].Seq}): {e.Message}. Check the url, the credentials and that the server runs.", e);
        }
    }

    async Task AwaitAckAsync((int Index, NatsJSPublishConcurrentFuture Future) entry, IReadOnlyList<StreamMessage> batch, string[] subjects, CancellationToken ct)
    {
        var m = batch[entry.Index];
        var future = entry.Future;
        try
        {
            var ack = await future.GetResponseAsync(ct);
            // A duplicate (ack.Duplicate) is success: the stream already holds this event from an earlier try.
            if (ack.Error is { } error)
                throw new StreamDeliveryException(
                    $"JetStream refused event {m.IdempotencyKey} on subject \"{subjects[entry.Index]}\": {error.Description} (error {error.ErrCode}). " +
                    $"Check that stream \"{settings.Stream}\" exists, captures this subject and has room (its limits and discard policy).");
        }
        catch (Exception e) when (e is NatsNoRespondersException or NatsJSPublishNoResponseException)
        {
            throw new StreamDeliveryException(
                $"No JetStream stream on {settings.Url} captures subject \"{subjects[entry.Index]}\" (event {m.IdempotencyKey}). " +
                $"Create stream \"{settings.Stream}\" with a subject that matches it (for example {settings.Subject.Replace(NatsSettings.TenantPlaceholder, "*", StringComparison.Ordinal)}), " +
                "or correct the stream's subject template; check that the server runs with JetStream (-js).", e);
        }
        finally
        {
            // Disposing rethrows the publish's own error (no responders, ...), which would replace the message above.
            try { await future.DisposeAsync(); }
            catch (NatsException) { }
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

    async Task DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null; _js = null;
        if (connection is not null)
        {
            try { await connection.DisposeAsync(); }
            catch (Exception e) when (e is NatsException or IOException or OperationCanceledException) { }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DropConnectionAsync();
}
