using System.Data;
using Npgsql;

namespace AuditExplorer.Data.Store;

/// <summary>
/// Idempotent reads that survive a database restart. A restart kills every idle pooled connection, and Npgsql
/// notices only when one is used (57P01 "terminating connection due to administrator command", or an I/O error):
/// without this, the first page views after a restart fail. A read that lost its connection that way clears the
/// pool and runs once more on a fresh connection. Only for reads: a write could have committed before the error.
/// </summary>
internal static class PooledRead
{
    public static async Task<T> RunAsync<T>(string connectionString, Func<NpgsqlConnection, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(ct);
            try
            {
                return await read(conn);
            }
            catch (NpgsqlException ex) when (attempt == 1 && LostConnection(ex, conn))
            {
                // Every other idle connection of the pool died with this one: drop them all.
                NpgsqlConnection.ClearPool(conn);
            }
        }
    }

    private static bool LostConnection(NpgsqlException ex, NpgsqlConnection conn) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow }
        || conn.FullState.HasFlag(ConnectionState.Broken);
}
