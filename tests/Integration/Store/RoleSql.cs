using Npgsql;

namespace AuditExplorer.Tests.Integration.Store;

/// <summary>Runs one statement as a given role, in its own transaction, optionally scoped to a tenant like the web app does.</summary>
internal static class RoleSql
{
    public static async Task<object?> RunAsync(string connectionString, string? scope, string sql, params object?[] args)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (scope is not null)
        {
            await using var set = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn, tx);
            set.Parameters.AddWithValue(scope);
            await set.ExecuteNonQueryAsync();
        }
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var arg in args) cmd.Parameters.AddWithValue(arg ?? DBNull.Value);
        var result = await cmd.ExecuteScalarAsync();
        await tx.CommitAsync();
        return result;
    }

    /// <summary>Asserts the statement is refused and returns PostgreSQL's error.</summary>
    public static Task<PostgresException> RefusedAsync(string connectionString, string? scope, string sql, params object?[] args) =>
        Assert.ThrowsAsync<PostgresException>(() => RunAsync(connectionString, scope, sql, args));

    public static async Task<long> CountAsync(string connectionString, string sql, params object?[] args) =>
        Convert.ToInt64(await RunAsync(connectionString, null, sql, args));
}
