using System.Diagnostics;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// `auditexplorer verify-chain` on a database that was never analyzed (autovacuum off for every table, so the
/// planner has no statistics) and under a 2 s command timeout: at 10M events a statistics-dependent plan or a
/// statement with a command timeout fails, here the same mistakes show as a timeout on tens of thousands.
/// </summary>
public sealed class VerifyChainWithoutStatisticsTests : IAsyncLifetime
{
    private const int Events = 60_000;
    private readonly string _database = "ae_it_nostats_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _keys = Directory.CreateTempSubdirectory("ae-nostats-keys-").FullName;

    private string ConnectionFor(string role, string? database = null, string extra = "") =>
        $"Host=127.0.0.1;Port={PostgresFixture.Port};Username={role};Database={database ?? _database};Include Error Detail=true{extra}";

    public async Task InitializeAsync()
    {
        await ExecuteAsync(ConnectionFor("postgres", "postgres"), $"create database \"{_database}\" owner auditexplorer_owner");
        await AuditStoreOptions.MigrateAsync(ConnectionFor("auditexplorer_owner"), ConnectionFor("postgres"));
        // No statistics, ever: autovacuum would analyze the tables a few seconds after the load.
        await ExecuteAsync(ConnectionFor("postgres"),
            """
            do $$ declare t regclass; begin
                for t in select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
                         where n.nspname = 'audit' and c.relkind = 'r' loop
                    execute format('alter table %s set (autovacuum_enabled = false, toast.autovacuum_enabled = false)', t);
                end loop;
            end $$
            """);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(ConnectionFor("postgres", "postgres"), $"drop database if exists \"{_database}\" with (force)");
        Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public async Task Verify_chain_on_an_unanalyzed_database_under_a_short_command_timeout_exits_0_and_1_on_damage()
    {
        await ExecuteAsync(ConnectionFor("auditexplorer_owner"), "insert into audit.tenants (tenant_id, display_name) values ('big', 'Big')");
        await ExecuteAsync(ConnectionFor("auditexplorer_writer"),
            $"""
            select audit.append_event('big', 'u' || (i % 50), 'user', 'contract.update', 'update', 'contract', (i % 997)::text,
                   jsonb_build_object('amount', i - 1), jsonb_build_object('amount', i, 'note', 'n' || i), '{"{"}{"}"}'::jsonb,
                   timestamptz '2026-11-01' + i * interval '1 second')
            from generate_series(1, {Events}) as i
            """);
        await using (var sealer = NpgsqlDataSource.Create(ConnectionFor("auditexplorer_sealer")))
            await new EventSealer(sealer).SealPendingAsync("big");
        Assert.Equal(0, await StatisticsRowsAsync());

        var (signed, signOutput) = await CliAsync("checkpoint", "--tenant", "big");
        Assert.True(signed == 0, signOutput);
        var (exit, output) = await CliAsync("verify-chain", "--tenant", "big", "--full");
        Assert.True(exit == 0, output);
        Assert.Contains($"INTACT: every event matches its seal and the chain matches the signed checkpoint at size {Events}", output);
        Assert.Equal(0, await StatisticsRowsAsync()); // the run itself did not analyze anything

        // Contrast under the same conditions: one changed event is damage, exit 1.
        await ExecuteAsync(ConnectionFor("postgres"),
            """
            begin;
            set local session_replication_role = replica;
            update audit.events e set new_values = '{"amount": -1}'::jsonb from audit.seals s
             where s.tenant_id = 'big' and s.seq = 41234 and e.tenant_id = s.tenant_id and e.id = s.event_id;
            commit;
            """);
        (exit, output) = await CliAsync("verify-chain", "--tenant", "big", "--full");
        Assert.True(exit == 1, output);
        Assert.Contains("DAMAGED: EventAltered at seq 41234", output);
    }

    private async Task<long> StatisticsRowsAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionFor("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from pg_stats where schemaname = 'audit' and (tablename in ('seals', 'merkle_nodes', 'checkpoints') or tablename like 'events%')", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    // The real CLI, as an operator runs it; every statement it plans gets at most 2 s.
    private async Task<(int ExitCode, string Output)> CliAsync(params string[] args)
    {
        var dll = Path.Combine(PostgresFixture.RepoRoot(), "src", "Cli", "bin",
            AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "auditexplorer.dll");
        Assert.True(File.Exists(dll), $"build src/Cli first: {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["AUDITEXPLORER_OWNER_CONNECTION"] = ConnectionFor("auditexplorer_owner", extra: ";Command Timeout=2");
        start.Environment["AUDITEXPLORER_SEALER_CONNECTION"] = ConnectionFor("auditexplorer_sealer", extra: ";Command Timeout=2");
        start.Environment["AUDITEXPLORER_CHECKPOINT_DEV_KEYS"] = _keys;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection + ";Command Timeout=300");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
