using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AuditExplorer.Tests.Integration.Streams;

/// <summary>Runs scripts/rsyslog.sh and scripts/nats.sh (the same scripts a developer uses) and signals their servers.</summary>
internal static class ServerScript
{
    /// <summary>Runs <c>scripts/NAME args</c>; returns its standard output, throws with its error output when it fails.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(PostgresFixture.RepoRoot(), "scripts", script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/{script} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        return (await stdout).Trim();
    }

    /// <summary>Sends a signal (STOP, KILL, ...) to a server process, as an operator or a crash would.</summary>
    public static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString()]) { RedirectStandardError = true })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} failed: {await kill.StandardError.ReadToEndAsync()}");
    }

    /// <summary>Waits until a killed process is gone, so a restart does not race it for its port.</summary>
    public static async Task WaitForExitAsync(int pid)
    {
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}") && !IsZombie(pid); i++) await Task.Delay(50);
    }

    static bool IsZombie(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z"; }
        catch (IOException) { return true; }
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
