using System.Net;
using System.Net.Sockets;

namespace AuditExplorer.Tests.E2E.Hosting;

/// <summary>The container's health check runs the app's own probe against /health/ready.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class ReadinessProbeTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Probe_succeeds_against_a_ready_instance()
    {
        var (exit, output) = await ExplorerAppFixture.WebCommandAsync("probe", $"{app.BaseUrl}/health/ready");
        Assert.True(exit == 0, output);
        Assert.Contains(": 200", output);
    }

    [Fact]
    public async Task Probe_fails_when_nothing_answers()
    {
        var (exit, output) = await ExplorerAppFixture.WebCommandAsync("probe", $"http://127.0.0.1:{UnusedPort()}/health/ready");
        Assert.Equal(1, exit);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
