using System.Collections.Concurrent;
using AuditExplorer.Data.Observability;
using AuditExplorer.Data.Redaction;
using Microsoft.Extensions.Logging;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// Delivers every active stream: its sealed events after the stored position, in seq order, in batches; filtered
/// out events advance the position too. The position moves only after the destination accepted the batch (at least
/// once). A failure marks the stream failing with the error and retries it with doubling backoff up to a cap; the
/// first delivery that succeeds makes it active again. Each stream is delivered under its advisory lock, so two
/// instances of the web app never deliver the same stream at once. Streams take their turns side by side (at most
/// <see cref="StreamWorkerOptions.ConcurrentStreams"/> at once), so a receiver that is slow or hangs until its timeout
/// holds up its own stream, not every stream after it. While something collects them, each stream's lag gauges
/// (<see cref="AuditTelemetry.ReportStreamLag"/>) are refreshed after its turn, a skipped failing stream's too.
/// </summary>
public sealed class StreamWorker(StreamDeliveryStore store, StreamDestinationFactories factories, StreamWorkerOptions options, ILogger<StreamWorker> log) : IAsyncDisposable
{
    // Turns run concurrently, one per stream at a time: each entry is touched only by its own stream's turn.
    private readonly ConcurrentDictionary<(string, Guid), (int Failures, DateTimeOffset NotBefore)> _backoff = [];
    private readonly ConcurrentDictionary<(string, Guid), (string Settings, IStreamDestination Destination)> _destinations = [];
    private readonly ConcurrentDictionary<(string Tenant, Guid Id), bool> _lagReported = [];

    /// <summary>
    /// Delivers until stopped. No stream waits for another's turn: one whose receiver is slow keeps its turn across
    /// rounds, each round starts turns only for streams without one, and a stream with a full batch still waiting
    /// goes again as soon as its turn ends.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(options.ConcurrentStreams);
        var turns = new Dictionary<(string TenantId, Guid Id), Task<bool>>();
        var round = Task.CompletedTask;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                foreach (var (key, turn) in turns.Where(t => t.Value.IsCompleted).ToList())
                {
                    turns.Remove(key);
                    if (await turn) turns[key] = TurnInSlotAsync(slots, key, ct);
                }
                if (round.IsCompleted)
                {
                    round = Task.Delay(options.PollInterval, ct);
                    try
                    {
                        var streams = await store.DeliverableAsync(ct);
                        await DropGoneAsync(streams, turns.Keys);
                        foreach (var key in streams)
                            if (!turns.ContainsKey(key)) turns[key] = TurnInSlotAsync(slots, key, ct);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        // The store itself failed (e.g. PostgreSQL restarting): nothing moved, try again next round.
                        log.LogWarning(ex, "Stream round failed; retrying");
                    }
                }
                await Task.WhenAny(turns.Values.Append(round));
            }
        }
        finally
        {
            // Turns still running see the cancellation; their destinations are disposed only after they end.
            await ((Task)Task.WhenAll(turns.Values)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One turn for every deliverable stream, side by side; true when some stream still has a full batch waiting.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        var streams = await store.DeliverableAsync(ct);
        await DropGoneAsync(streams, []);
        using var slots = new SemaphoreSlim(options.ConcurrentStreams);
        var turns = await Task.WhenAll(streams.Select(key => TurnInSlotAsync(slots, key, ct)));
        return turns.Any(busy => busy);
    }

    private async Task<bool> TurnInSlotAsync(SemaphoreSlim slots, (string TenantId, Guid Id) stream, CancellationToken ct)
    {
        await slots.WaitAsync(ct);
        try
        {
            return await TurnAsync(stream.TenantId, stream.Id, ct);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<bool> TurnAsync(string tenant, Guid id, CancellationToken ct)
    {
        var busy = false;
        if (!(_backoff.TryGetValue((tenant, id), out var wait) && wait.NotBefore > DateTimeOffset.UtcNow))
        {
            try
            {
                busy = await DeliverAsync(tenant, id, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // One stream's trouble (its row, its settings, the store for a moment) must not stop the others.
                var failures = _backoff.TryGetValue((tenant, id), out var previous) ? previous.Failures + 1 : 1;
                _backoff[(tenant, id)] = (failures, DateTimeOffset.UtcNow + Backoff(failures));
                log.LogWarning(ex, "Stream {Tenant}/{Stream} could not be worked on", tenant, id);
            }
        }
        if (AuditTelemetry.StreamLagObserved) await ReportLagAsync(tenant, id, ct);
        return busy;
    }

    // A failing stream's lag is reported too (it grows while it waits); a lag that cannot be read is left as it was:
    // the metric must never stand in the way of delivery.
    private async Task ReportLagAsync(string tenant, Guid id, CancellationToken ct)
    {
        try
        {
            if (await store.LagAsync(tenant, id, ct) is { } lag)
            {
                AuditTelemetry.ReportStreamLag(tenant, id, lag.Events, lag.OldestAge);
                _lagReported[(tenant, id)] = true;
            }
            else
            {
                ForgetLag((tenant, id));
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogDebug(ex, "Lag of stream {Tenant}/{Stream} could not be read", tenant, id);
        }
    }

    private void ForgetLag((string Tenant, Guid Id) key)
    {
        if (_lagReported.TryRemove(key, out _)) AuditTelemetry.ForgetStreamLag(key.Tenant, key.Id);
    }

    private async Task<bool> DeliverAsync(string tenant, Guid id, CancellationToken ct)
    {
        await using var lockConn = await store.OpenLockConnectionAsync(ct);
        if (!await StreamDeliveryStore.TryLockAsync(lockConn, tenant, id, unlock: false, ct)) return false;
        try
        {
            var stream = await store.LoadAsync(tenant, id, ct);
            if (stream is null || stream.State == StreamStates.Paused) return false;
            var formatter = new StreamEventFormatter(stream.Format,
                ViewerPrivacy.For("stream:" + id.ToString("D"), [stream.Privacy], stream.PersonalPaths));
            var position = stream.Position;
            for (var turn = 0; turn < options.BatchesPerTurn; turn++)
            {
                var batch = await store.ReadAfterAsync(tenant, position, options.BatchSize, ct);
                if (batch.Count == 0) return false;
                var messages = batch.Where(r => stream.Filter.Matches(r.Event)).Select(formatter.Format).ToList();
                try
                {
                    if (messages.Count > 0) await Destination(stream).DeliverAsync(messages, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    await FailAsync(stream, ex, ct);
                    return false;
                }
                position = batch[^1].Seq;
                var state = await store.AdvanceAsync(tenant, id, position, messages.Count > 0, ct);
                _backoff.TryRemove((tenant, id), out _);
                if (state is null or StreamStates.Paused) return false;
                if (batch.Count < options.BatchSize) return false;
            }
            return true;
        }
        finally
        {
            await StreamDeliveryStore.TryLockAsync(lockConn, tenant, id, unlock: true, CancellationToken.None);
        }
    }

    private IStreamDestination Destination(StreamDefinition stream)
    {
        var key = (stream.TenantId, stream.Id);
        var settings = stream.Settings + "\u001f" + stream.Secret;
        if (_destinations.TryGetValue(key, out var cached) && cached.Settings == settings) return cached.Destination;
        if (cached.Destination is not null) _ = cached.Destination.DisposeAsync().AsTask();
        var factory = factories.For(stream.Kind)
            ?? throw new StreamDeliveryException($"this installation has no \"{stream.Kind}\" destination; register its factory or delete the stream");
        using var doc = System.Text.Json.JsonDocument.Parse(stream.Settings);
        var destination = factory.UsesSecret
            ? factory.Create(doc.RootElement, stream.Secret ?? throw new StreamDeliveryException("the stream has no secret; delete and re-create it"))
            : factory.Create(doc.RootElement);
        _destinations[key] = (settings, destination);
        return destination;
    }

    private async Task FailAsync(StreamDefinition stream, Exception ex, CancellationToken ct)
    {
        var key = (stream.TenantId, stream.Id);
        var failures = _backoff.TryGetValue(key, out var previous) ? previous.Failures + 1 : 1;
        var delay = Backoff(failures);
        _backoff[key] = (failures, DateTimeOffset.UtcNow + delay);
        // A broken connection is not reused: the next attempt builds the destination again.
        if (_destinations.TryRemove(key, out var cached)) await cached.Destination.DisposeAsync();
        var message = ex is StreamDeliveryException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        log.LogWarning(ex, "Stream {Tenant}/{Stream} failed (attempt {Failures}); next attempt in {Delay}", stream.TenantId, stream.Id, failures, delay);
        await store.FailAsync(stream.TenantId, stream.Id, $"{message} (attempt {failures}; retrying in {delay.TotalSeconds:0.#} s)", ct);
    }

    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks * (1L << Math.Min(failures - 1, 20))));

    private async Task DropGoneAsync(IReadOnlyList<(string TenantId, Guid Id)> live, IEnumerable<(string TenantId, Guid Id)> inTurn)
    {
        // A stream paused or deleted during its turn keeps its destination until that turn ends.
        var keep = live.Concat(inTurn).ToHashSet();
        // Paused and deleted streams are not delivered here, so their last value would go stale: drop it (the Streams
        // page shows a paused stream's lag).
        foreach (var key in _lagReported.Keys.Where(k => !keep.Contains(k)).ToList()) ForgetLag(key);
        foreach (var key in _destinations.Keys.Where(k => !keep.Contains(k)).ToList())
            if (_destinations.TryRemove(key, out var gone)) await gone.Destination.DisposeAsync();
    }

    /// <summary>Closes every destination.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, d) in _destinations.Values) await d.DisposeAsync();
        _destinations.Clear();
        foreach (var key in _lagReported.Keys.ToList()) ForgetLag(key);
    }
}
