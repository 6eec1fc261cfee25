using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>Reads a tenant's integrity status and verification history; works as the owner or the reader role.</summary>
public sealed class IntegrityStatusQuery(NpgsqlDataSource dataSource)
{
    /// <summary>The tenant's chain, backlog, last seal, newest checkpoint and last verification, read in one snapshot.</summary>
    public Task<IntegrityStatus> GetAsync(string tenantId, CancellationToken ct = default) =>
        AuditExplorer.Data.Store.PooledRead.RunAsync(dataSource, conn => GetAsync(conn, tenantId, ct), ct);

    /// <summary>The latest verification runs, newest first.</summary>
    public Task<IReadOnlyList<VerificationSummary>> HistoryAsync(string tenantId, int limit, CancellationToken ct = default) =>
        AuditExplorer.Data.Store.PooledRead.RunAsync(dataSource, conn => HistoryAsync(conn, tenantId, limit, ct), ct);

    private static async Task<IntegrityStatus> GetAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var tx = await AuditExplorer.Data.Access.TenantScope.BeginAsync(conn, tenantId, ct);

        long length;
        long backlog;
        TimeSpan? oldest;
        DateTimeOffset? lastSealedAt;
        TimeSpan? lastSealAge;
        await using (var cmd = new NpgsqlCommand(
            """
            select coalesce(last.seq, 0),
                   (select count(*) from audit.seal_queue where tenant_id = $1),
                   clock_timestamp() - (select min(queued_at) from audit.seal_queue where tenant_id = $1),
                   last.sealed_at, clock_timestamp() - last.sealed_at
            from (select 1) as one
            -- The newest seal by its key, not max(sealed_at): one index probe however long the chain.
            left join lateral (select seq, sealed_at from audit.seals where tenant_id = $1 order by seq desc limit 1) as last on true
            """, conn))
        {
            cmd.Parameters.AddWithValue(tenantId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            length = reader.GetInt64(0);
            backlog = reader.GetInt64(1);
            oldest = reader.IsDBNull(2) ? null : reader.GetFieldValue<TimeSpan>(2);
            lastSealedAt = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3);
            lastSealAge = reader.IsDBNull(4) ? null : reader.GetFieldValue<TimeSpan>(4);
        }

        var checkpoint = await CheckpointStore.LatestAsync(conn, tenantId, ct);
        var last = (await ReadHistoryAsync(conn, tenantId, 1, ct)).FirstOrDefault();
        await tx.CommitAsync(ct);
        return new IntegrityStatus(tenantId, length, backlog, oldest, checkpoint, last, lastSealedAt, lastSealAge);
    }

    private static async Task<IReadOnlyList<VerificationSummary>> HistoryAsync(NpgsqlConnection conn, string tenantId, int limit, CancellationToken ct)
    {
        await using var tx = await AuditExplorer.Data.Access.TenantScope.BeginAsync(conn, tenantId, ct);
        var list = await ReadHistoryAsync(conn, tenantId, limit, ct);
        await tx.CommitAsync(ct);
        return list;
    }

    private static async Task<List<VerificationSummary>> ReadHistoryAsync(NpgsqlConnection conn, string tenantId, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select verification_id, mode, started_at, finished_at, outcome, from_seq, through_seq, events_checked,
                   first_bad_seq, damage_kind, findings::text, event_id
            from audit.verifications where tenant_id = $1
            order by finished_at desc limit $2
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(limit);
        var list = new List<VerificationSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new VerificationSummary(
                reader.GetGuid(0),
                reader.GetString(1) == "full" ? VerificationMode.Full : VerificationMode.Incremental,
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4) == "intact",
                reader.GetInt64(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.IsDBNull(8) ? null : reader.GetInt64(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetString(10),
                reader.GetGuid(11),
                reader.GetString(4) == "loss_acknowledged"));
        }
        return list;
    }
}
