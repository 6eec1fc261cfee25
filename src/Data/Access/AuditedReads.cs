using AuditExplorer.Data.Observability;
using System.Text.Json;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AuditExplorer.Data.Access;

/// <summary>
/// Runs a read of the audit log and appends the access event describing it in the same
/// transaction: if the access cannot be recorded, the transaction rolls back and the caller
/// gets an <see cref="AccessNotRecordedException"/> instead of data (fail-closed reads).
/// A read that finds its pooled connection killed by a database restart clears the reader's pool
/// (<paramref name="readerSource"/>, the data source the contexts are built on) and runs once more.
/// With a replica, <see cref="ReadLagTolerantAsync"/> reads there and records the access on the primary.
/// </summary>
public sealed class AuditedReads(IDbContextFactory<AuditDbContext> contexts, NpgsqlDataSource readerSource, ReplicaContexts? replica = null)
{
    /// <summary>Reads, then records the access that <paramref name="describe"/> names; both commit together or not at all.</summary>
    public async Task<T> ReadAsync<T>(string tenantId, Viewer viewer, Func<T, AccessRecord> describe,
        Func<AuditDbContext, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            IDbContextTransaction tx;
            T result;
            try
            {
                tx = await TenantScope.BeginAsync(db, tenantId, ct);
                result = await read(db, ct);
            }
            catch (Exception ex) when (attempt == 1 && PooledRead.LostConnection(ex, db.Database.GetDbConnection() as NpgsqlConnection))
            {
                // Nothing was recorded (the access event comes after the read), so running again cannot
                // double it; the other idle connections died with this one.
                readerSource.Clear();
                continue;
            }
            await using (tx)
            {
                var access = describe(result);
                try
                {
                    // Two statements, one round trip: the viewer's subject row, then the access event.
                    var context = AccessContextJson(viewer, access);
                    await db.Database.ExecuteSqlAsync($"""
                        select audit.upsert_subject({tenantId}, {viewer.SubjectId}, {viewer.DisplayName}, {viewer.Email});
                        select audit.append_access_event({tenantId}, {viewer.SubjectId}, {access.Action}, {access.EntityType}, {access.EntityId}, {context}::jsonb)
                        """, ct);
                    await tx.CommitAsync(ct);
                }
                catch (PostgresException ex)
                {
                    AuditTelemetry.AccessEventFailed(tenantId, access.Action);
                    throw new AccessNotRecordedException("The audit store refused the access event: " + ex.MessageText, ex);
                }
                return result;
            }
        }
    }

    /// <summary>
    /// For views that tolerate replica lag (timelines, search, diffs, record histories; docs/scaling.md): the read
    /// runs on the replica when one is configured, then the access event is appended on the primary before the
    /// data is returned, so still no data without its access event. A standby cannot take the write, so the two are
    /// not one transaction; nothing that must see its own write may use this. Without a replica it is
    /// <see cref="ReadAsync{T}"/>.
    /// </summary>
    public async Task<T> ReadLagTolerantAsync<T>(string tenantId, Viewer viewer, Func<T, AccessRecord> describe,
        Func<AuditDbContext, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        if (replica is null) return await ReadAsync(tenantId, viewer, describe, read, ct);
        T result;
        await using (var db = await replica.CreateDbContextAsync(ct))
        {
            await using var tx = await TenantScope.BeginAsync(db, tenantId, ct);
            result = await read(db, ct);
            await tx.CommitAsync(ct);
        }
        await RecordAsync(tenantId, viewer, describe(result), ct);
        return result;
    }

    /// <summary>Records an access that reads nothing itself (e.g. signing in), with the same guarantees.</summary>
    public Task RecordAsync(string tenantId, Viewer viewer, AccessRecord access, CancellationToken ct) =>
        ReadAsync(tenantId, viewer, _ => access, (_, _) => Task.FromResult(true), ct);

    internal static string AccessContextJson(Viewer viewer, AccessRecord access)
    {
        var context = new Dictionary<string, object?>
        {
            ["request_id"] = viewer.Request.RequestId,
            ["session_id"] = viewer.Request.SessionId,
            ["ip"] = viewer.Request.Ip,
            ["user_agent"] = viewer.Request.UserAgent,
            ["auth_method"] = viewer.Request.AuthMethod,
            ["client_app"] = viewer.Request.ClientApp ?? "auditexplorer-web",
            ["roles"] = viewer.Roles,
            ["reason"] = viewer.Purpose?.Reason,
            ["break_glass"] = viewer.Purpose?.BreakGlass == true ? true : null,
            ["access"] = access.Details.Where(d => !string.IsNullOrEmpty(d.Value)).ToDictionary(d => d.Key, d => d.Value),
        };
        return JsonSerializer.Serialize(context.Where(c => c.Value is not null).ToDictionary());
    }
}
