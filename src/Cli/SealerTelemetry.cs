using AuditExplorer.Data.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AuditExplorer.Cli;

/// <summary>
/// The sealer service's metrics (seal rate, unsealed backlog and its age) and spans, sent over
/// OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OpenTelemetry variables apply);
/// otherwise nothing is collected.
/// </summary>
internal sealed class SealerTelemetry : IDisposable
{
    private readonly MeterProvider? _metrics;
    private readonly TracerProvider? _traces;

    private SealerTelemetry(MeterProvider? metrics, TracerProvider? traces)
    {
        _metrics = metrics;
        _traces = traces;
    }

    public bool Exporting => _metrics is not null;

    public static SealerTelemetry Start()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))) return new(null, null);
        var resource = ResourceBuilder.CreateDefault().AddService("auditexplorer-sealer");
        return new(
            Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(AuditTelemetry.Name).AddOtlpExporter().Build(),
            Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(AuditTelemetry.Name).AddOtlpExporter().Build());
    }

    public void Dispose()
    {
        _metrics?.Dispose();
        _traces?.Dispose();
    }
}
