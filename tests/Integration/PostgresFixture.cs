using System.Collections.Concurrent;
using System.Diagnostics;
using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Tests.Integration;

/// <summary>
/// Starts the local PostgreSQL 15 cluster once per test run (scripts/pg.sh is idempotent),
/// creates a fresh database for this run and migrates it as the owner role.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public string Database { get; } = "ae_it_" + Guid.NewGuid().ToString("N")[..10];
    public string SuperUser => ConnectionFor("postgres");
    public string Owner => ConnectionFor("auditexplorer_owner");
    public string Reader => ConnectionFor("auditexplorer_reader");
    public string Writer => ConnectionFor("auditexplorer_writer");
    public string Sealer => ConnectionFor("auditexplorer_sealer");

    /// <summary>The reader's one data source for this run (services take a data source, as in the web app).</summary>
    public NpgsqlDataSource ReaderSource => Source(DatabaseRole.Reader, Reader);
    /// <summary>The writer's one data source for this run.</summary>
    public NpgsqlDataSource WriterSource => Source(DatabaseRole.Writer, Writer);
    /// <summary>The sealer's one data source for this run.</summary>
    public NpgsqlDataSource SealerSource => Source(DatabaseRole.Sealer, Sealer);
    /// <summary>The owner's one data source for this run.</summary>
    public NpgsqlDataSource OwnerSource => Source(DatabaseRole.Owner, Owner);

    private readonly ConcurrentDictionary<DatabaseRole, NpgsqlDataSource> _sources = new();

    public static string Port => Environment.GetEnvironmentVariable("AE_PG_PORT") ?? "55432";

    public string ConnectionFor(string role, string? database = null) =>
        $"Host=127.0.0.1;Port={Port};Username={role};Database={database ?? Database};Include Error Detail=true;Maximum Pool Size=50";

    public async Task InitializeAsync()
    {
        await EnsureClusterAsync();
        await using (var admin = new NpgsqlConnection(ConnectionFor("postgres", "postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{Database}\" owner auditexplorer_owner", admin);
            await create.ExecuteNonQueryAsync();
        }
        await AuditStoreOptions.MigrateAsync(Owner, SuperUser);
    }

    public async Task DisposeAsync()
    {
        foreach (var source in _sources.Values) await source.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ConnectionFor("postgres", "postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Database}\" with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Creates a tenant as the owner; returns its id.</summary>
    public async Task<string> CreateTenantAsync(string? prefix = null, string[]? personalPaths = null, bool requireReason = false)
    {
        var id = (prefix ?? "t") + "-" + Guid.NewGuid().ToString("N")[..8];
        await using var conn = new NpgsqlConnection(Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "insert into audit.tenants (tenant_id, display_name, personal_paths, require_access_reason) values ($1, $2, $3, $4)", conn);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue("Tenant " + id);
        cmd.Parameters.AddWithValue(personalPaths ?? []);
        cmd.Parameters.AddWithValue(requireReason);
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    private static async Task EnsureClusterAsync()
    {
        try
        {
            await using var probe = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3");
            await probe.OpenAsync();
            return;
        }
        catch (NpgsqlException)
        {
            // Not running yet: start it below.
        }
        var script = Path.Combine(RepoRoot(), "scripts", "pg.sh");
        using var start = Process.Start(new ProcessStartInfo("bash", [script, "start"]) { RedirectStandardOutput = true })!;
        await start.WaitForExitAsync();
        if (start.ExitCode != 0) throw new InvalidOperationException("scripts/pg.sh start failed; see .local/pg/postgres.log");
    }

    // Built on first use: the migration runs before any of them, so no pool holds a pre-migration session.
    private NpgsqlDataSource Source(DatabaseRole role, string connectionString) =>
        _sources.GetOrAdd(role, r => AuditDataSources.Create(r, connectionString));

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AuditExplorer.sln not found above the test binaries");
    }
}

[CollectionDefinition(Name)]
public sealed class StoreCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "store";
}
