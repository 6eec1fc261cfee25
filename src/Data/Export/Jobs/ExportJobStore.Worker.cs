using Npgsql;

namespace AuditExplorer.Data.Export.Jobs;

// The worker's side: claim, beat, finish, and the sweeps. Every update names the claiming worker and
// status running, so a worker whose job was declared stale (and failed) can no longer write to it.
public sealed partial class ExportJobStore
{
    /// <summary>Claims the oldest queued job of any tenant for <paramref name="worker"/>; null when none is queued.</summary>
    public async Task<ExportJobClaim?> ClaimNextAsync(string worker, CancellationToken ct = default)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "select tenant_id, id, tenant_id || '/' || replace(id::text, '-', '') || '.zip' from web.claim_export_job($1)", conn);
        cmd.Parameters.AddWithValue(worker);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new ExportJobClaim(r.GetString(0), r.GetGuid(1), r.GetString(2)) : null;
    }

    /// <summary>
    /// Writes the heartbeat and progress of a running job. Returns whether its cancellation was asked, or
    /// null when the job is no longer this worker's (declared stale and failed): the worker must stop.
    /// </summary>
    public Task<bool?> HeartbeatAsync(ExportJobClaim claim, string worker, long rowsDone, long? rowsTotal, CancellationToken ct = default) =>
        InTenantAsync(claim.TenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                update web.export_jobs set heartbeat_at = clock_timestamp(), rows_done = $4, rows_total = $5
                where tenant_id = $1 and id = $2 and status = 'running' and claimed_by = $3
                returning cancel_requested
                """, conn);
            AddClaim(cmd, claim, worker);
            cmd.Parameters.AddWithValue(rowsDone);
            cmd.Parameters.AddWithValue((object?)rowsTotal ?? DBNull.Value);
            return await cmd.ExecuteScalarAsync(ct) is bool cancel ? cancel : (bool?)null;
        }, ct);

    /// <summary>Records the finished package; it may be downloaded for <paramref name="lifetime"/>. False when the claim was lost.</summary>
    public Task<bool> SucceedAsync(ExportJobClaim claim, string worker, long events, long bytes, string sha256, Guid accessEventId,
        TimeSpan lifetime, CancellationToken ct = default) =>
        InTenantAsync(claim.TenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                update web.export_jobs
                set status = 'succeeded', rows_done = $4, event_count = $4, size_bytes = $5, sha256 = $6, access_event_id = $7,
                    finished_at = clock_timestamp(), heartbeat_at = clock_timestamp(), expires_at = clock_timestamp() + $8
                where tenant_id = $1 and id = $2 and status = 'running' and claimed_by = $3
                """, conn);
            AddClaim(cmd, claim, worker);
            cmd.Parameters.AddWithValue(events);
            cmd.Parameters.AddWithValue(bytes);
            cmd.Parameters.AddWithValue(sha256);
            cmd.Parameters.AddWithValue(accessEventId);
            cmd.Parameters.AddWithValue(lifetime);
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    /// <summary>Ends a running job as failed or cancelled with the reason shown on the Exports page.</summary>
    public Task<bool> EndAsync(ExportJobClaim claim, string worker, ExportJobStatus status, string error, CancellationToken ct = default)
    {
        if (status is not (ExportJobStatus.Failed or ExportJobStatus.Cancelled))
            throw new ArgumentOutOfRangeException(nameof(status), status, "a running job ends as failed or cancelled here");
        return InTenantAsync(claim.TenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                update web.export_jobs set status = $4, error = left($5, 2000), finished_at = clock_timestamp()
                where tenant_id = $1 and id = $2 and status = 'running' and claimed_by = $3
                """, conn);
            AddClaim(cmd, claim, worker);
            cmd.Parameters.AddWithValue(ExportJobStatusNames.Of(status));
            cmd.Parameters.AddWithValue(error);
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
    }

    /// <summary>Fails every running job (of any tenant) whose heartbeat is older than <paramref name="staleAfter"/>.</summary>
    public async Task<IReadOnlyList<ExportJobClaim>> FailStaleAsync(TimeSpan staleAfter, CancellationToken ct = default)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select tenant_id, id, file_path from web.fail_stale_export_jobs($1)", conn);
        cmd.Parameters.AddWithValue(staleAfter);
        return await ReadClaimsAsync(cmd, ct);
    }

    /// <summary>Succeeded jobs (of any tenant) past their expiry, whose files are to be deleted.</summary>
    public async Task<IReadOnlyList<ExportJobClaim>> ListExpiredAsync(CancellationToken ct = default)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select tenant_id, id, file_path from web.expired_export_jobs()", conn);
        return await ReadClaimsAsync(cmd, ct);
    }

    /// <summary>Marks a succeeded job expired once its file is gone.</summary>
    public Task<bool> MarkExpiredAsync(ExportJobClaim job, CancellationToken ct = default) =>
        InTenantAsync(job.TenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand(
                "update web.export_jobs set status = 'expired' where tenant_id = $1 and id = $2 and status = 'succeeded'", conn);
            cmd.Parameters.AddWithValue(job.TenantId);
            cmd.Parameters.AddWithValue(job.Id);
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    private static void AddClaim(NpgsqlCommand cmd, ExportJobClaim claim, string worker)
    {
        cmd.Parameters.AddWithValue(claim.TenantId);
        cmd.Parameters.AddWithValue(claim.Id);
        cmd.Parameters.AddWithValue(worker);
    }

    private static async Task<IReadOnlyList<ExportJobClaim>> ReadClaimsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<ExportJobClaim>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new ExportJobClaim(r.GetString(0), r.GetGuid(1), r.GetString(2)));
        return list;
    }
}
