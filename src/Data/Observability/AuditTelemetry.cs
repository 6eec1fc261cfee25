using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AuditExplorer.Data.Observability;

/// <summary>
/// The product's own traces and metrics, under one name ("AuditExplorer") that the hosts export
/// over OTLP when configured (docs/operations.md, "Telemetry"). Only counts, durations and tenant
/// ids leave through it — never event contents, user names or filters.
/// </summary>
public static class AuditTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "AuditExplorer";

    /// <summary>Spans of sealing passes, checkpoint signing and audited reads.</summary>
    public static readonly ActivitySource Activities = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Sealed = Meter.CreateCounter<long>(
        "auditexplorer.events.sealed", "{event}", "Events chained and added to their tenant's Merkle tree.");

    private static readonly Counter<long> AccessFailures = Meter.CreateCounter<long>(
        "auditexplorer.access_events.failed", "{read}", "Reads refused because their access event could not be recorded.");

    private static readonly Counter<long> Exports = Meter.CreateCounter<long>(
        "auditexplorer.exports", "{export}", "Evidence packages finished, by outcome.");

    private static readonly ConcurrentDictionary<string, (long Count, double AgeSeconds)> Backlog = new(StringComparer.Ordinal);
    private static readonly ObservableGauge<long> UnsealedEvents;

    // Keyed by tenant and stream id only: a stream's name and settings may carry secrets (a URL's token), so neither is a tag.
    private static readonly ConcurrentDictionary<(string Tenant, Guid Stream), (long Events, double AgeSeconds)> StreamBacklog = new();
    private static readonly ObservableGauge<long> StreamLagEvents;

    static AuditTelemetry()
    {
        UnsealedEvents = Meter.CreateObservableGauge("auditexplorer.unsealed.events",
            () => Backlog.Select(b => new Measurement<long>(b.Value.Count, new KeyValuePair<string, object?>("tenant", b.Key))),
            "{event}", "Committed events not yet in the chain, as last seen by the sealer.");
        Meter.CreateObservableGauge("auditexplorer.unsealed.oldest_age",
            () => Backlog.Select(b => new Measurement<double>(b.Value.AgeSeconds, new KeyValuePair<string, object?>("tenant", b.Key))),
            "s", "Age of the oldest unsealed event, as last seen by the sealer.");
        StreamLagEvents = Meter.CreateObservableGauge("auditexplorer.stream.lag",
            () => StreamBacklog.Select(b => new Measurement<long>(b.Value.Events, StreamTags(b.Key))),
            "{event}", "Sealed events a stream has not delivered yet (the tenant's last sealed seq minus the stream's position), as last seen by the stream worker.");
        Meter.CreateObservableGauge("auditexplorer.stream.oldest_age",
            () => StreamBacklog.Select(b => new Measurement<double>(b.Value.AgeSeconds, StreamTags(b.Key))),
            "s", "How long ago the oldest event a stream has not delivered was sealed (0 when caught up), as last seen by the stream worker.");
    }

    /// <summary>Counts events a sealing batch chained for a tenant.</summary>
    public static void EventsSealed(string tenantId, long count)
    {
        if (count > 0) Sealed.Add(count, new KeyValuePair<string, object?>("tenant", tenantId));
    }

    /// <summary>Counts a read that was refused because its access event could not be written.</summary>
    public static void AccessEventFailed(string tenantId, string action) =>
        AccessFailures.Add(1, new KeyValuePair<string, object?>("tenant", tenantId), new KeyValuePair<string, object?>("action", action));

    /// <summary>Counts a finished export: succeeded, failed or cancelled.</summary>
    public static void ExportFinished(string tenantId, string outcome) =>
        Exports.Add(1, new KeyValuePair<string, object?>("tenant", tenantId), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>
    /// True while something collects the backlog gauges (an OTLP exporter, a test's listener): only then is the
    /// backlog worth a query after every sealing pass.
    /// </summary>
    public static bool BacklogObserved => UnsealedEvents.Enabled;

    /// <summary>Replaces the backlog gauges' values with what the sealer just saw (tenants absent from it have none).</summary>
    public static void ReportBacklog(IReadOnlyDictionary<string, (long Count, TimeSpan OldestAge)> backlog)
    {
        foreach (var tenant in Backlog.Keys.Except(backlog.Keys)) Backlog.TryRemove(tenant, out _);
        foreach (var (tenant, value) in backlog) Backlog[tenant] = (value.Count, value.OldestAge.TotalSeconds);
    }

    /// <summary>
    /// True while something collects the stream lag gauges: only then does the stream worker query each stream's lag
    /// after its turn.
    /// </summary>
    public static bool StreamLagObserved => StreamLagEvents.Enabled;

    /// <summary>Sets a stream's lag gauges to what the stream worker just saw.</summary>
    public static void ReportStreamLag(string tenantId, Guid streamId, long events, TimeSpan oldestAge) =>
        StreamBacklog[(tenantId, streamId)] = (events, oldestAge.TotalSeconds);

    /// <summary>Removes a stream's lag gauges (it was paused, deleted, or its worker stopped): a stale value would mislead.</summary>
    public static void ForgetStreamLag(string tenantId, Guid streamId) => StreamBacklog.TryRemove((tenantId, streamId), out _);

    private static KeyValuePair<string, object?>[] StreamTags((string Tenant, Guid Stream) key) =>
        [new("tenant", key.Tenant), new("stream", key.Stream.ToString("D"))];
}
