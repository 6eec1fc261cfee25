using System.Data;
using Npgsql;

namespace AuditExplorer.Data.Store;

/// <summary>
/// Idempotent reads that survive a database restart. A restart kills every idle pooled connection, and Npgsql
/// notices only when one is used (57P01 "terminating connection due to administrator command", or an I/O error):
/// without this, the first page views after a restart fail. A read that lost its connection that way clears the
/// data source's pool and runs once more on a fresh connection. Only for reads: a write could have committed
/// before the error.
/// </summary>
internal static class PooledRead
{
    public static async Task<T> RunAsync<T>(NpgsqlDataSource source, Func<NpgsqlConnection, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var conn = await source.OpenConnectionAsync(ct);
            try
            {
                return await read(conn);
            }
            catch (Exception ex) when (attempt == 1 && LostConnection(ex, conn))
            {
                // Every other idle connection of the pool died with this one: drop them all. Npgsql does so itself when
                // the break was a shutdown or an I/O error; a connection merely found broken is covered here. The data
                // source's own pool, that is: NpgsqlConnection.ClearPool finds pools by connection string, not sources.
                source.Clear();
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="ex"/> says the connection died under the statement (server shut down or restarted,
    /// or the socket broke), possibly wrapped by EF Core's execution strategy.
    /// </summary>
    public static bool LostConnection(Exception ex, NpgsqlConnection? conn)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow })
                return true;
            if (e is NpgsqlException && conn is not null && conn.FullState.HasFlag(ConnectionState.Broken))
                return true;
        }
        return false;
    }
}
