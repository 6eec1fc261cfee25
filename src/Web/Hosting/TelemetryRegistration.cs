using AuditExplorer.Data.Observability;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AuditExplorer.Web.Hosting;

internal static class TelemetryRegistration
{
    /// <summary>
    /// Traces and metrics of ASP.NET Core, Npgsql and the product itself, sent over OTLP when an
    /// endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT, or OpenTelemetry:OtlpEndpoint); with
    /// neither, nothing is collected.
    /// </summary>
    public static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["OpenTelemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"OpenTelemetry:OtlpEndpoint must be an absolute http(s) URL, not \"{endpoint}\".");
        var protocol = builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("auditexplorer-web"))
            .WithTracing(t => t.AddSource(AuditTelemetry.Name).AddAspNetCoreInstrumentation().AddNpgsql())
            .WithMetrics(m => m.AddMeter(AuditTelemetry.Name).AddAspNetCoreInstrumentation().AddMeter("Npgsql"))
            .UseOtlpExporter(protocol, uri);
    }
}
