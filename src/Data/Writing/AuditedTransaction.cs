using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AuditExplorer.Data.Writing;

/// <summary>
/// Runs a business change and its audit events in one transaction (fail-closed, ADR-003): it
/// commits only when the work and every append succeeded; otherwise it rolls back and rethrows
/// (audit failures as <see cref="AuditWriteException"/>).
/// </summary>
public static class AuditedTransaction
{
    /// <summary>EF Core: SaveChanges and raw SQL inside <paramref name="work"/> join the transaction.</summary>
    public static Task<T> RunAsync<T>(DbContext db, Func<AuditAppender, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("The DbContext already has a transaction; an audited transaction must own its transaction.");
        // A retrying execution strategy only allows user transactions inside ExecuteAsync; a retry runs the whole unit again.
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async attemptCt =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(attemptCt);
            var appender = new AuditAppender((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)tx.GetDbTransaction());
            return await CompleteAsync(appender, work, () => tx.CommitAsync(attemptCt), () => tx.RollbackAsync(CancellationToken.None), attemptCt);
        }, ct);
    }

    /// <summary>EF Core, when the work returns nothing.</summary>
    public static Task RunAsync(DbContext db, Func<AuditAppender, CancellationToken, Task> work, CancellationToken ct) =>
        RunAsync(db, async (appender, c) => { await work(appender, c); return true; }, ct);

    /// <summary>Plain Npgsql: run business SQL on <see cref="AuditAppender.Connection"/> with <see cref="AuditAppender.Transaction"/>.</summary>
    public static async Task<T> RunAsync<T>(NpgsqlConnection connection, Func<AuditAppender, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(work);
        if (connection.State == System.Data.ConnectionState.Closed) await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var appender = new AuditAppender(connection, tx);
        return await CompleteAsync(appender, work, () => tx.CommitAsync(ct), () => tx.RollbackAsync(CancellationToken.None), ct);
    }

    /// <summary>Plain Npgsql, when the work returns nothing.</summary>
    public static Task RunAsync(NpgsqlConnection connection, Func<AuditAppender, CancellationToken, Task> work, CancellationToken ct) =>
        RunAsync(connection, async (appender, c) => { await work(appender, c); return true; }, ct);

    private static async Task<T> CompleteAsync<T>(AuditAppender appender, Func<AuditAppender, CancellationToken, Task<T>> work,
        Func<Task> commit, Func<Task> rollback, CancellationToken ct)
    {
        T result;
        try
        {
            result = await work(appender, ct);
            appender.EnsureCommittable();
        }
        catch
        {
            await RollBackQuietlyAsync(rollback);
            throw;
        }
        await commit();
        return result;
    }

    // The original failure is what the caller needs; a rollback on a broken connection must not hide it.
    private static async Task RollBackQuietlyAsync(Func<Task> rollback)
    {
        try { await rollback(); }
        catch (NpgsqlException) { }
        catch (InvalidOperationException) { }
    }
}
