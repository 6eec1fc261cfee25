using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Bench;

/// <summary>A freshly migrated audit store on the local cluster, dropped when disposed.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private const string Server = "Host=127.0.0.1;Port=55432";
    private readonly bool _keep;

    private BenchDatabase(string name, bool keep)
    {
        Name = name;
        _keep = keep;
    }

    public string Name { get; }

    public string ConnectionFor(string role, string extra = "") => $"{Server};Username={role};Database={Name};{extra}";

    public static async Task<BenchDatabase> CreateAsync(bool keep = false)
    {
        var db = new BenchDatabase("ae_bench_" + Guid.NewGuid().ToString("N")[..8], keep);
        await AdminAsync($"create database \"{db.Name}\" owner auditexplorer_owner");
        await AuditStoreOptions.MigrateAsync(db.ConnectionFor("auditexplorer_owner"), db.ConnectionFor("postgres"));
        return db;
    }

    /// <summary>A database an earlier run kept (<c>--keep</c>), used as it is and kept again.</summary>
    public static BenchDatabase Existing(string name) =>
        name.StartsWith("ae_bench_", StringComparison.Ordinal) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? new BenchDatabase(name, keep: true)
            : throw new ArgumentException($"--database takes the name of a kept benchmark database (ae_bench_...), not \"{name}\"");

    public async Task ExecuteAsOwnerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionFor("auditexplorer_owner"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<string> ScalarAsOwnerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionFor("auditexplorer_owner"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_keep) Console.WriteLine($"kept database {Name}");
        else await AdminAsync($"drop database if exists \"{Name}\" with (force)");
    }

    // Database names cannot be bound as parameters; Name is generated above.
    private static async Task AdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection($"{Server};Username=postgres;Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
