using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// A PostgreSQL 15 cluster of its own (its own folder under /var/tmp, a free loopback port, run as the postgres OS
/// user like scripts/pg.sh), for tests that restart or crash the server without disturbing the shared test
/// cluster. fsync is off (the OS survives an immediate shutdown, so committed WAL is still there); commits stay
/// synchronous, so a commit that returned is durable across a restart. Dispose stops it and deletes the folder.
/// </summary>
internal sealed class PrivatePostgresCluster : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _root = Path.Combine("/var/tmp", "ae-restart-" + Guid.NewGuid().ToString("N")[..10]);
    private string _database = "ae_restart";
    private string Data => Path.Combine(_root, "data");
    private string Log => Path.Combine(_root, "postgres.log");

    public int Port { get; } = FreePort();
    public string Database => _database;

    /// <summary>A connection string for a role of the migrated database, with short timeouts so a restart is seen quickly.</summary>
    public string ConnectionFor(string role, string? database = null) =>
        $"Host=127.0.0.1;Port={Port};Username={role};Database={database ?? Database};Timeout=3;Command Timeout=15;Include Error Detail=true";

    /// <summary>One data source per role of the migrated database (as a process holds them), disposed with the cluster.</summary>
    public NpgsqlDataSource SourceFor(string role) =>
        _sources.GetOrAdd(role, r => NpgsqlDataSource.Create(ConnectionFor(r)));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> _sources = new();

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? s_template;

    /// <summary>
    /// A cluster with the roles and a database migrated as the owner (append-only guard included). The first call of a run
    /// makes it with initdb and the migrations and keeps a stopped copy; later calls copy that folder and start it, which
    /// is the same cluster for a fraction of the start-up.
    /// </summary>
    public static async Task<PrivatePostgresCluster> StartMigratedAsync()
    {
        var template = await MigratedTemplateAsync();
        var cluster = new PrivatePostgresCluster();
        try
        {
            Directory.CreateDirectory(cluster._root);
            await RunAsync("chown", ["postgres:postgres", cluster._root]);
            await AsPostgresAsync("cp", ["-a", template, cluster.Data]);
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> MigratedTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (s_template is not null) return s_template;
            var builder = new PrivatePostgresCluster();
            Directory.CreateDirectory(builder._root);
            await RunAsync("chown", ["postgres:postgres", builder._root]);
            await AsPostgresAsync($"{Bin}/initdb", ["-D", builder.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"]);
            await builder.StartAsync();
            var bootstrap = await File.ReadAllTextAsync(Path.Combine(PostgresFixture.RepoRoot(), "db", "bootstrap.sql"));
            await builder.ExecuteAsync(builder.ConnectionFor("postgres", "postgres"), bootstrap);
            await builder.ExecuteAsync(builder.ConnectionFor("postgres", "postgres"), $"create database \"{builder.Database}\" owner auditexplorer_owner");
            await AuditStoreOptions.MigrateAsync(builder.ConnectionFor("auditexplorer_owner"), builder.ConnectionFor("postgres"));
            NpgsqlConnection.ClearAllPools();
            await AsPostgresAsync($"{Bin}/pg_ctl", ["-D", builder.Data, "-m", "fast", "-w", "-t", "60", "stop"]);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                if (Directory.Exists(builder._root)) Directory.Delete(builder._root, recursive: true);
            };
            return s_template = builder.Data;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private Task StartAsync() =>
        AsPostgresAsync($"{Bin}/pg_ctl", ["-D", Data, "-l", Log, "-w", "-t", "60", "start", "-o",
            $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={_root} -c fsync=off -c full_page_writes=off -c max_connections=60"]);

    /// <summary>
    /// The documented backup (docs/operations.md, "Backup and restore"): `pg_basebackup` with the WAL it needs,
    /// taken from the running cluster, then started as a cluster of its own on another port — a restore into a
    /// fresh cluster, at the moment of the backup.
    /// </summary>
    public async Task<PrivatePostgresCluster> BaseBackupAndRestoreAsync()
    {
        var restored = new PrivatePostgresCluster { _database = _database };
        try
        {
            Directory.CreateDirectory(restored._root);
            await RunAsync("chown", ["postgres:postgres", restored._root]);
            await AsPostgresAsync($"{Bin}/pg_basebackup", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", "postgres", "-D", restored.Data, "-X", "stream", "-c", "fast"]);
            await restored.StartAsync();
            return restored;
        }
        catch
        {
            await restored.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A streaming standby of this cluster (`pg_basebackup -R`, as scripts/replica.sh makes one), started as a hot
    /// standby on another port: it replays what the primary commits and refuses writes.
    /// </summary>
    public async Task<PrivatePostgresCluster> StartStandbyAsync()
    {
        var standby = new PrivatePostgresCluster { _database = _database };
        try
        {
            Directory.CreateDirectory(standby._root);
            await RunAsync("chown", ["postgres:postgres", standby._root]);
            await AsPostgresAsync($"{Bin}/pg_basebackup", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", "postgres", "-D", standby.Data, "-X", "stream", "-c", "fast", "-R"]);
            await AsPostgresAsync($"{Bin}/pg_ctl", ["-D", standby.Data, "-l", standby.Log, "-w", "-t", "60", "start", "-o",
                $"-c listen_addresses=127.0.0.1 -p {standby.Port} -c unix_socket_directories={standby._root} -c hot_standby=on -c fsync=off -c max_connections=60"]);
            return standby;
        }
        catch
        {
            await standby.DisposeAsync();
            throw;
        }
    }

    /// <summary>`pg_ctl restart -m fast|immediate`: the server goes away under every open connection and comes back with the same options.</summary>
    public Task RestartAsync(string mode) => AsPostgresAsync($"{Bin}/pg_ctl", ["-D", Data, "-l", Log, "-w", "-t", "60", "-m", mode, "restart"]);

    public async Task ExecuteAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The server log, for failure messages.</summary>
    public string ReadLog() => File.Exists(Log) ? File.ReadAllText(Log) : "";

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values) await source.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
                await AsPostgresAsync($"{Bin}/pg_ctl", ["-D", Data, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        finally
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }
    }

    private static Task AsPostgresAsync(string program, IEnumerable<string> args) => RunAsync("runuser", ["-u", "postgres", "--", program, .. args]);

    private static async Task RunAsync(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await stdout}{await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
