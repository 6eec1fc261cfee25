using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Demo;

/// <summary>
/// A migrated audit store of its own: seeding checks need an empty events table, which the
/// shared test database cannot promise.
/// </summary>
internal sealed class ScratchAuditStore : IAsyncDisposable
{
    private readonly PostgresFixture _db;
    private readonly string _name = "ae_demo_it_" + Guid.NewGuid().ToString("N")[..10];

    private ScratchAuditStore(PostgresFixture db) => _db = db;

    public string Owner => _db.ConnectionFor("auditexplorer_owner", _name);

    /// <summary>A connection string for <paramref name="role"/> on this store.</summary>
    public string ConnectionFor(string role) => _db.ConnectionFor(role, _name);

    /// <summary>Runs one statement as the superuser on this store (grants, revokes).</summary>
    public async Task SuperuserAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionFor("postgres", _name));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<ScratchAuditStore> CreateAsync(PostgresFixture db)
    {
        var store = new ScratchAuditStore(db);
        await store.AdminAsync($"create database \"{store._name}\" owner auditexplorer_owner");
        await AuditStoreOptions.MigrateAsync(store.Owner);
        return store;
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task<string> TextAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"drop database if exists \"{_name}\" with (force)");
    }

    // Database names cannot be parameters; _name is generated above, never user input.
    private async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(_db.ConnectionFor("postgres", "postgres"));
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, admin);
        await cmd.ExecuteNonQueryAsync();
    }
}
