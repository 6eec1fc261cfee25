using Npgsql;

namespace AuditExplorer.Tests.Integration.Writing;

/// <summary>Creates the sample application's table (as the owner) and lets the writer role use it.</summary>
internal static class BusinessTable
{
    public static async Task EnsureAsync(PostgresFixture db)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            create table if not exists public.contracts (
                id text primary key, tenant_id text not null, title text not null, amount numeric not null default 0);
            grant select, insert, update, delete on public.contracts to auditexplorer_writer;
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<bool> ContractExistsAsync(PostgresFixture db, string id) =>
        await ScalarAsync<long>(db, "select count(*) from public.contracts where id = $1", id) == 1;

    public static Task<long> EventCountAsync(PostgresFixture db, string tenantId, string entityId) =>
        ScalarAsync<long>(db, "select count(*) from audit.events where tenant_id = $1 and entity_id = $2", tenantId, entityId);

    private static async Task<T> ScalarAsync<T>(PostgresFixture db, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
