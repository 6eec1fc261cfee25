using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditExplorer.Cli;

/// <summary>
/// Creates the coming months' partitions (and the tenant partitions of tenants whose period changed)
/// so no event ever lacks a partition; with --watch, again every --interval (default an hour) until stopped.
/// </summary>
internal sealed class MaintainCommand : ICliCommand
{
    public string Name => "maintain";
    public string Summary => "Create the next --months N (default 12) months of partitions; --watch repeats every --interval seconds (default 3600).";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var months = args.GetInt("months", 12);
        await using var owner = CliDataSources.Owner(args);
        if (!args.Has("watch"))
        {
            Console.WriteLine($"Created {await EnsureAsync(owner, months, ct)} monthly partitions.");
            return 0;
        }
        var interval = TimeSpan.FromSeconds(Math.Max(1, args.GetInt("interval", 3600)));
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }));
        var logger = logging.CreateLogger("auditexplorer.maintain");
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var created = await EnsureAsync(owner, months, ct);
                if (created > 0) logger.LogInformation("Created {Count} monthly partitions", created);
            }
            catch (NpgsqlException ex)
            {
                // The next round tries again; months are created a year ahead, so one missed round loses nothing.
                logger.LogError(ex, "Creating partitions failed");
            }
            try
            {
                await Task.Delay(interval, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return 0;
    }

    private static async Task<int> EnsureAsync(NpgsqlDataSource owner, int months, CancellationToken ct)
    {
        await using var conn = await owner.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select audit.ensure_partitions(current_date, (current_date + make_interval(months => $1))::date)", conn);
        cmd.Parameters.AddWithValue(months);
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
