namespace AuditExplorer.Bench.Streams;

/// <summary>
/// The load average printed beside every figure (a number taken while builds or tests run is not evidence), and the
/// repository root the harness runs from.
/// </summary>
internal static class MachineLoad
{
    public static string Now() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AuditExplorer.sln not found above the benchmark");
    }
}
