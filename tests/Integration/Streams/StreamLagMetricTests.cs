using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AuditExplorer.Data.Observability;
using AuditExplorer.Tests.Integration.Integrity;

namespace AuditExplorer.Tests.Integration.Streams;

/// <summary>The stream worker's lag gauges report what the real worker left undelivered in the real store, per stream.</summary>
[Collection(StoreCollection.Name)]
public sealed class StreamLagMetricTests(PostgresFixture db) : IDisposable
{
    private readonly StreamTestbed _bed = new(db);
    private readonly ConcurrentDictionary<(string Instrument, string Stream), double> _seen = new();
    private readonly ConcurrentBag<string> _tagKeys = [];
    private readonly MeterListener _listener = new();

    [Fact]
    public async Task Stream_lag_gauge_falls_as_the_worker_delivers_a_backlog_batch_by_batch()
    {
        Listen();
        Assert.True(AuditTelemetry.StreamLagObserved, "a listener on the lag gauge makes the worker query each stream's lag");
        var tenant = await db.CreateTenantAsync("streamlag");
        await using var receiver = new LoopbackWebhookReceiver();
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        var id = stream.Id.ToString("D");
        // The stream's own creation is an access event, sealed first: 199 business events make a log of 200.
        Assert.Equal(200, await _bed.Chain.AppendAndSealAsync(tenant, 199));

        var options = StreamTestbed.FastOptions(batchSize: 40);
        options.BatchesPerTurn = 1;
        await using var worker = _bed.Worker(options);
        var lags = new List<double>();
        for (var turn = 0; turn < 5; turn++)
        {
            await worker.RunOnceAsync(CancellationToken.None);
            _listener.RecordObservableInstruments();
            lags.Add(_seen[("auditexplorer.stream.lag", id)]);
            if (turn < 4) Assert.True(_seen[("auditexplorer.stream.oldest_age", id)] > 0, "undelivered sealed events have an age");
        }

        // One batch of 40 per turn: the gauge follows the stored position down to zero, as the Streams page does.
        Assert.Equal([160, 120, 80, 40, 0], lags);
        Assert.Equal(0, _seen[("auditexplorer.stream.oldest_age", id)]);
        Assert.Equal(0, (await _bed.StreamAsync(tenant, stream.Id)).Lag);
        Assert.Equal(199, receiver.AcceptedSeqs().Count); // the filter leaves access events out; they still count as lag until passed
        // Tenant and stream id only: a stream's name or settings could carry a secret.
        Assert.Equal(["stream", "tenant"], _tagKeys.Distinct().Order(StringComparer.Ordinal));

        // A stream paused with a new backlog leaves the worker's list: its gauge goes rather than staying at 0.
        await _bed.Chain.AppendAndSealAsync(tenant, 30);
        await _bed.Streams.PauseAsync(tenant, StreamTestbed.Admin, stream.Id, CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);
        _seen.Clear();
        _listener.RecordObservableInstruments();
        Assert.False(_seen.ContainsKey(("auditexplorer.stream.lag", id)), "a paused stream is not delivered, so its gauge is dropped rather than left stale");
        Assert.Equal(30, (await _bed.StreamAsync(tenant, stream.Id)).Lag);
    }

    [Fact]
    public async Task A_failing_stream_keeps_reporting_a_lag_that_grows_with_new_events()
    {
        Listen();
        var tenant = await db.CreateTenantAsync("streamlag");
        await using var receiver = new LoopbackWebhookReceiver { Status = 503 };
        receiver.Start();
        var stream = await _bed.CreateWebhookAsync(tenant, receiver);
        var id = stream.Id.ToString("D");
        Assert.Equal(50, await _bed.Chain.AppendAndSealAsync(tenant, 49)); // with the stream's creation
        await using var worker = _bed.Worker();

        await worker.RunOnceAsync(CancellationToken.None);
        _listener.RecordObservableInstruments();
        Assert.Equal(50, _seen[("auditexplorer.stream.lag", id)]);

        // Failing (retried or waiting in backoff), its gauge still follows the sealed log.
        await _bed.Chain.AppendAndSealAsync(tenant, 25);
        await worker.RunOnceAsync(CancellationToken.None);
        _listener.RecordObservableInstruments();
        Assert.Equal(75, _seen[("auditexplorer.stream.lag", id)]);

        receiver.Status = 200;
        await StreamTestbed.RunUntilAsync(worker, async () =>
        {
            _listener.RecordObservableInstruments();
            return _seen[("auditexplorer.stream.lag", id)] == 0;
        });
        Assert.Equal(0, (await _bed.StreamAsync(tenant, stream.Id)).Lag);
    }

    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AuditTelemetry.Name && instrument.Name.StartsWith("auditexplorer.stream.", StringComparison.Ordinal))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? stream = null;
        foreach (var t in tags)
        {
            _tagKeys.Add(t.Key);
            if (t.Key == "stream") stream = t.Value as string;
        }
        if (stream is not null) _seen[(instrument.Name, stream)] = value;
    }

    public void Dispose() => _listener.Dispose();
}
