using System.Text;

namespace AuditExplorer.Tests.Integration.Streams.Syslog;

/// <summary>A real rsyslog on a free loopback port, started by scripts/rsyslog.sh, writing raw messages to a file.</summary>
internal sealed class RsyslogServer : IAsyncDisposable
{
    readonly Dictionary<string, string> _environment;

    RsyslogServer(int port, string outFile, Dictionary<string, string> environment)
    {
        Port = port; OutFile = outFile; _environment = environment;
    }

    public int Port { get; }
    public string OutFile { get; }

    /// <summary>Starts rsyslog; with the three PEM paths it listens with TLS (RFC 5425, gtls driver).</summary>
    public static async Task<RsyslogServer> StartAsync(string? certFile = null, string? keyFile = null, string? caFile = null)
    {
        var environment = new Dictionary<string, string>();
        if (certFile is not null)
        {
            environment["AE_SYSLOG_TLS_CERT"] = certFile;
            environment["AE_SYSLOG_TLS_KEY"] = keyFile!;
            environment["AE_SYSLOG_TLS_CA"] = caFile!;
        }
        var port = ServerScript.FreePort();
        var outFile = Path.Combine(Path.GetTempPath(), $"ae-rsyslog-{port}-{Guid.NewGuid():N}.log");
        var server = new RsyslogServer(port, outFile, environment);
        await server.StartAgainAsync();
        return server;
    }

    public Task StartAgainAsync() => ServerScript.RunAsync("rsyslog.sh", ["start", Port.ToString(), OutFile], _environment);

    public Task StopAsync() => ServerScript.RunAsync("rsyslog.sh", ["stop", Port.ToString()]);

    public async Task<int> PidAsync() => int.Parse(await ServerScript.RunAsync("rsyslog.sh", ["pid", Port.ToString()]));

    /// <summary>The messages rsyslog wrote so far, once at least <paramref name="count"/> are there (or the time is up).</summary>
    public async Task<IReadOnlyList<ReceivedSyslogMessage>> WaitForMessagesAsync(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var lines = File.Exists(OutFile) ? await File.ReadAllLinesAsync(OutFile, Encoding.UTF8) : [];
            if (lines.Length >= count || DateTime.UtcNow > deadline)
                return lines.Where(l => l.Length > 0).Select(ReceivedSyslogMessage.Parse).ToList();
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        File.Delete(OutFile);
        var dir = Path.Combine(PostgresFixture.RepoRoot(), ".local", "rsyslog", Port.ToString());
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
