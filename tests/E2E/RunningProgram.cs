using System.Diagnostics;
using System.Text;

namespace AuditExplorer.Tests.E2E;

/// <summary>A real program of the product started for the test run; its output is kept for failure reports.</summary>
public sealed class RunningProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string Name { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    private RunningProgram(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public static RunningProgram Start(string name, string dll, IEnumerable<string> args, IDictionary<string, string> env)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        var process = new Process { StartInfo = info };
        var program = new RunningProgram(name, process);
        process.OutputDataReceived += (_, e) => program.Append(e.Data);
        process.ErrorDataReceived += (_, e) => program.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return program;
    }

    /// <summary>Runs a program to completion and fails with its output when it exits non-zero.</summary>
    public static async Task RunToEndAsync(string name, string dll, IEnumerable<string> args, IDictionary<string, string> env)
    {
        await using var program = Start(name, dll, args, env);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await program._process.WaitForExitAsync(timeout.Token);
        if (program._process.ExitCode != 0)
            throw new InvalidOperationException($"{name} exited with {program._process.ExitCode}:\n{program.Output}");
    }

    /// <summary>Runs a program to completion and returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, string dll, IEnumerable<string> args, IDictionary<string, string> env)
    {
        await using var program = Start(name, dll, args, env);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await program._process.WaitForExitAsync(timeout.Token);
        program._process.WaitForExit(); // drains the redirected output
        return (program._process.ExitCode, program.Output);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Keeps what the program printed in .local/test-results/e2e-NAME.log, where scripts/test.sh finds the
    /// errors behind a failed test's "quote reference" page.
    /// </summary>
    public void SaveOutput()
    {
        var folder = Path.Combine(ExplorerAppFixture.RepoRoot(), ".local", "test-results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"e2e-{Name}.log"), Output);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
