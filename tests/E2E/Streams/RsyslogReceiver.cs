using System.Diagnostics;
using System.Text;

namespace AuditExplorer.Tests.E2E.Streams;

/// <summary>A real rsyslog on a free loopback port, started and stopped by scripts/rsyslog.sh, writing each message it receives to a file.</summary>
internal sealed class RsyslogReceiver : IAsyncDisposable
{
    private RsyslogReceiver(int port, string outFile) => (Port, OutFile) = (port, outFile);

    public int Port { get; }
    public string OutFile { get; }

    public static async Task<RsyslogReceiver> StartAsync()
    {
        var port = SignIn.ExtraInstances.FreePort();
        var receiver = new RsyslogReceiver(port, Path.Combine(Path.GetTempPath(), $"ae-e2e-rsyslog-{port}-{Guid.NewGuid():N}.log"));
        await ScriptAsync("start", port.ToString(), receiver.OutFile);
        return receiver;
    }

    /// <summary>The lines rsyslog wrote so far.</summary>
    public async Task<string[]> LinesAsync() => File.Exists(OutFile) ? await File.ReadAllLinesAsync(OutFile, Encoding.UTF8) : [];

    public async ValueTask DisposeAsync()
    {
        await ScriptAsync("stop", Port.ToString());
        File.Delete(OutFile);
    }

    private static async Task ScriptAsync(params string[] args)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(ExplorerAppFixture.RepoRoot(), "scripts", "rsyslog.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/rsyslog.sh {string.Join(' ', args)} failed: {await error}{await output}");
    }
}
