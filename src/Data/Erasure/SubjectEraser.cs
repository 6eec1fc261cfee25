using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Data.Erasure;

/// <summary>
/// Erases a data subject through audit.erase_subject (020_personal_data.sql): its committed personal values and
/// their blind index, its name and e-mail, then an erasure event (who, why, which subject) — all in one transaction.
/// Hashes, proofs and packages stay valid because the hashed documents hold only commitments.
/// </summary>
public static class SubjectEraser
{
    /// <summary>The same through a store context (the web app's reader), in its own tenant-scoped transaction.</summary>
    /// <exception cref="SubjectErasureException">Unknown subject, already erased, or no reason.</exception>
    public static async Task<Guid> EraseAsync(AuditDbContext db, SubjectErasure request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.SubjectId))
            throw new SubjectErasureException("Give the subject id to erase.", false);
        await using var tx = await TenantScope.BeginAsync(db, request.TenantId, ct);
        try
        {
            var subject = request.SubjectId.Trim();
            var id = (await db.Database.SqlQuery<Guid>($"""
                select audit.erase_subject({request.TenantId}, {subject}, {request.ErasedBy}, {request.ErasedByKind}, {request.Reason ?? ""}) as "Value"
                """).ToListAsync(ct)).Single();
            await tx.CommitAsync(ct);
            return id;
        }
        catch (PostgresException ex) when (ex.SqlState is "AE053" or "AE054" or "AE055")
        {
            throw new SubjectErasureException(ex.MessageText, ex.SqlState == "AE053", ex);
        }
    }

    /// <summary>Erases the subject and returns the id of the erasure event.</summary>
    /// <exception cref="SubjectErasureException">Unknown subject, already erased, or no reason.</exception>
    public static async Task<Guid> EraseAsync(NpgsqlDataSource dataSource, SubjectErasure request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.SubjectId))
            throw new SubjectErasureException("Give the subject id to erase.", false);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, request.TenantId, ct);
        try
        {
            await using var cmd = new NpgsqlCommand("select audit.erase_subject($1, $2, $3, $4, $5)", conn, tx);
            cmd.Parameters.AddWithValue(request.TenantId);
            cmd.Parameters.AddWithValue(request.SubjectId.Trim());
            cmd.Parameters.AddWithValue(request.ErasedBy);
            cmd.Parameters.AddWithValue(request.ErasedByKind);
            cmd.Parameters.AddWithValue(request.Reason ?? "");
            var id = (Guid)(await cmd.ExecuteScalarAsync(ct))!;
            await tx.CommitAsync(ct);
            return id;
        }
        catch (PostgresException ex) when (ex.SqlState is "AE053" or "AE054" or "AE055")
        {
            throw new SubjectErasureException(ex.MessageText, ex.SqlState == "AE053", ex);
        }
    }
}
