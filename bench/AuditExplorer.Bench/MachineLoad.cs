namespace AuditExplorer.Bench;

/// <summary>
/// The 1-minute load average, printed beside every figure: other work on a shared machine skews
/// throughput, and a number taken at a high load is not evidence.
/// </summary>
internal static class MachineLoad
{
    public static string Now() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
