using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Data.Access;

/// <summary>
/// Starts a transaction whose reads PostgreSQL row-level security limits to one tenant.
/// The setting is transaction-local, so a pooled connection never carries it to another request.
/// </summary>
public static class TenantScope
{
    public static async Task<IDbContextTransaction> BeginAsync(AuditDbContext db, string tenantId, CancellationToken ct)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"select set_config('app.tenant_id', {tenantId}, true)", ct);
        return tx;
    }

    /// <summary>The same on an open Npgsql connection: a transaction scoped to the tenant.</summary>
    public static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct,
        IsolationLevel isolation = IsolationLevel.ReadCommitted)
    {
        var tx = await conn.BeginTransactionAsync(isolation, ct);
        await SetAsync(conn, tenantId, ct);
        return tx;
    }

    /// <summary>Runs <paramref name="work"/> in one tenant-scoped transaction on a connection of <paramref name="source"/>, committing when it returns.</summary>
    public static async Task<T> RunAsync<T>(NpgsqlDataSource source, string tenantId, Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await BeginAsync(conn, tenantId, ct);
        var result = await work(conn);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>Scopes the connection's current transaction to the tenant (transaction-local).</summary>
    public static async Task SetAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
