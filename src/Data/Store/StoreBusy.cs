using Npgsql;

namespace AuditExplorer.Data.Store;

/// <summary>
/// Tells "the store is busy" from other failures: every pooled connection was in use for the pool's whole wait
/// (Npgsql's "connection pool has been exhausted"), or the server did not answer within the connect timeout. Both
/// surface as an <see cref="NpgsqlException"/> whose inner exception is a <see cref="TimeoutException"/>. A person is then
/// told to wait and try again (503 with Retry-After over HTTP), never shown a 500: nothing was read or changed.
/// </summary>
public static class StoreBusy
{
    /// <summary>What a person is told.</summary>
    public const string UserMessage =
        "The audit store is busy: every connection is in use, or it is slow to answer. Nothing was shown or changed. Wait a few seconds and try again.";

    /// <summary>Seconds a client should wait before retrying (the Retry-After header).</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>True when <paramref name="ex"/> or one of its inner exceptions is a pool or connect timeout.</summary>
    public static bool Is(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is NpgsqlException { InnerException: TimeoutException }) return true;
        return false;
    }
}
