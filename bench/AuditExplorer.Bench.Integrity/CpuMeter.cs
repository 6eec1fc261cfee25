using System.Diagnostics;
using Npgsql;

namespace AuditExplorer.Bench.Integrity;

/// <summary>
/// CPU seconds used by this process plus the PostgreSQL backends serving the bench database.
/// On a machine shared with other work, CPU time per event says more than wall-clock rates.
/// </summary>
internal sealed class CpuMeter(BenchDatabase db)
{
    private readonly Dictionary<int, double> _backendsAtStart = [];
    private double _processAtStart;

    public async Task StartAsync()
    {
        _processAtStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        _backendsAtStart.Clear();
        foreach (var (pid, cpu) in await BackendsAsync()) _backendsAtStart[pid] = cpu;
    }

    /// <summary>(client CPU s, database CPU s) since <see cref="StartAsync"/>; backends that started meanwhile count fully.</summary>
    public async Task<(double Client, double Database)> StopAsync()
    {
        var client = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _processAtStart;
        var database = 0.0;
        foreach (var (pid, cpu) in await BackendsAsync()) database += cpu - _backendsAtStart.GetValueOrDefault(pid);
        return (client, database);
    }

    private async Task<List<(int Pid, double Cpu)>> BackendsAsync()
    {
        var list = new List<(int, double)>();
        await using var conn = new NpgsqlConnection(db.As("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", conn);
        cmd.Parameters.AddWithValue(db.Name);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(0);
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) continue;
            // Fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
            var fields = File.ReadAllText(stat).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            list.Add((pid, (double.Parse(fields[11]) + double.Parse(fields[12])) / 100.0));
        }
        return list;
    }
}
