using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AuditExplorer.Bench.Streams;

/// <summary>
/// The built web app (src/Web/bin/Release/net10.0/AuditExplorer.Web.dll) as its own process on a free loopback port,
/// configured only through environment variables, its output kept in .local/bench/web.log; stopped when disposed.
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private WebAppProcess(Process process, StreamWriter log, string baseUrl, string logPath)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
        LogPath = logPath;
    }

    public string BaseUrl { get; }
    public string LogPath { get; }

    public static async Task<WebAppProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var root = MachineLoad.RepoRoot();
        var dll = Path.Combine(root, "src", "Web", "bin", "Release", "net10.0", "AuditExplorer.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the web app first: dotnet build src/Web -c Release", dll);
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", baseUrl])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var logPath = Path.Combine(root, ".local", "bench", "web.log");
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new WebAppProcess(process, log, baseUrl, logPath);
        await app.WaitUntilReadyAsync();
        return app;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"the web app did not become ready at {BaseUrl}; see {LogPath}");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // the process this harness started, by its handle
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
