using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AuditExplorer.Data.Observability;
using AuditExplorer.Tests.Integration.Integrity;

namespace AuditExplorer.Tests.Integration.Observability;

/// <summary>The product's own metrics report what the sealer really did, per tenant.</summary>
[Collection(StoreCollection.Name)]
public sealed class AuditTelemetryTests(PostgresFixture db) : IDisposable
{
    private readonly ChainTestbed _bed = new(db);
    private readonly ConcurrentDictionary<(string Instrument, string Tenant), double> _seen = new();
    private readonly MeterListener _listener = new();

    [Fact]
    public async Task Sealed_events_and_the_backlog_are_counted_for_their_tenant()
    {
        Listen();
        Assert.True(AuditTelemetry.BacklogObserved, "a listener on the backlog gauge makes the sealer query the backlog");
        var tenant = await db.CreateTenantAsync("otel");
        await _bed.AppendAsync(tenant, 5);

        var backlog = await _bed.Sealer.BacklogAsync();
        AuditTelemetry.ReportBacklog(backlog);
        _listener.RecordObservableInstruments();
        Assert.Equal(5, _seen.GetValueOrDefault(("auditexplorer.unsealed.events", tenant)));
        Assert.Equal(0, _seen.GetValueOrDefault(("auditexplorer.events.sealed", tenant)));

        await _bed.Sealer.SealPendingAsync(tenant);
        AuditTelemetry.ReportBacklog(await _bed.Sealer.BacklogAsync());
        _seen.TryRemove(("auditexplorer.unsealed.events", tenant), out _);
        _listener.RecordObservableInstruments();

        Assert.Equal(5, _seen.GetValueOrDefault(("auditexplorer.events.sealed", tenant)));
        Assert.False(_seen.ContainsKey(("auditexplorer.unsealed.events", tenant)), "a tenant with nothing queued has no backlog point");

        // With nobody collecting, the sealing loop skips the backlog query.
        _listener.Dispose();
        Assert.False(AuditTelemetry.BacklogObserved);
    }

    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AuditTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? tenant = null;
        foreach (var t in tags) if (t.Key == "tenant") tenant = t.Value as string;
        if (tenant is null) return;
        if (instrument is ObservableGauge<long> or ObservableGauge<double>) _seen[(instrument.Name, tenant)] = value;
        else _seen.AddOrUpdate((instrument.Name, tenant), value, (_, old) => old + value);
    }

    public void Dispose() => _listener.Dispose();
}
