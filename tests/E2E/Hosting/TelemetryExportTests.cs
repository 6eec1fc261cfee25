using AuditExplorer.Tests.E2E.SignIn;

namespace AuditExplorer.Tests.E2E.Hosting;

/// <summary>With an OTLP endpoint configured, the web app sends its traces and metrics there.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class TelemetryExportTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Web_app_sends_request_traces_and_metrics_to_the_configured_OTLP_endpoint()
    {
        using var receiver = new OtlpReceiver();
        var (url, web) = await ExtraInstances.StartWebAsync("Web (telemetry)", app.Database, app.IdentityUrl, app.KeyDirectory,
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            });
        await using (web)
        {
            using var http = new HttpClient();
            Assert.True((await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode);

            Assert.True(await receiver.WaitForAsync("/v1/traces", "/health/ready", TimeSpan.FromSeconds(30)), $"no trace of the request; received: {receiver.Summary}");
            Assert.True(await receiver.WaitForAsync("/v1/metrics", "http.server.request.duration", TimeSpan.FromSeconds(30)), $"no request metrics; received: {receiver.Summary}");
            Assert.True(await receiver.WaitForAsync("/v1/traces", "auditexplorer-web", TimeSpan.FromSeconds(5)), "the service name is missing");
        }
    }
}
