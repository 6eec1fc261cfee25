using AuditExplorer.Data.Access;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Data.Export.Jobs;

/// <summary>
/// Export jobs in web.export_jobs (018_export_jobs.sql). Connect as auditexplorer_reader: every read and
/// write of a job runs in a transaction scoped to its tenant, so row-level security hides other tenants'
/// jobs; only claiming, the stale sweep and the expiry list cross tenants, through the schema's functions.
/// </summary>
public sealed partial class ExportJobStore(NpgsqlDataSource readerSource)
{
    private const string Columns = """
        tenant_id, id, requested_by_id, requested_by_name, filter::text, reason, status, rows_done, rows_total, event_count,
        size_bytes, sha256, access_event_id, error, created_at, started_at, finished_at, expires_at, file_path,
        cancel_requested, claimed_by, heartbeat_at, reveal_personal_values
        """;

    /// <summary>Queues an export for the worker; refuses (<see cref="ExportRefusedException"/>) what could never run.</summary>
    public async Task<ExportJob> EnqueueAsync(string tenantId, string requestedById, string requestedByName, TimelineFilter filter,
        string? reason, CancellationToken ct = default) =>
        await EnqueueAsync(tenantId, requestedById, requestedByName, filter, reason, revealPersonalValues: false, ct);

    /// <summary>
    /// Queues an export whose package carries personal values and salts when <paramref name="revealPersonalValues"/>
    /// (ViewerPrivacy's decision for the requester, taken now because the worker has no viewer).
    /// </summary>
    public async Task<ExportJob> EnqueueAsync(string tenantId, string requestedById, string requestedByName, TimelineFilter filter,
        string? reason, bool revealPersonalValues, CancellationToken ct = default)
    {
        if (!string.IsNullOrEmpty(filter.Text))
            throw new ExportRefusedException("text search filters cannot be exported: narrow by record, actor, action or time");
        if (filter.From is { } f && filter.To is { } t && f >= t)
            throw new ExportRefusedException("the time range is empty: From must be before To");
        if (reason is { Length: > 2000 })
            throw new ExportRefusedException("the reason is longer than 2,000 characters");
        if (string.IsNullOrWhiteSpace(requestedById) || requestedById.Length > 200)
            throw new ExportRefusedException("the exporter's subject id is required (1 to 200 characters)");
        var name = string.IsNullOrWhiteSpace(requestedByName) ? requestedById : requestedByName.Trim();
        if (name.Length > 200) name = name[..200];
        var id = Guid.CreateVersion7();
        try
        {
            return await InTenantAsync(tenantId, async conn =>
            {
                await using var cmd = new NpgsqlCommand($"""
                    insert into web.export_jobs (tenant_id, id, requested_by_id, requested_by_name, filter, reason, file_path, reveal_personal_values)
                    values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) returning {Columns}
                    """, conn);
                cmd.Parameters.AddWithValue(tenantId);
                cmd.Parameters.AddWithValue(id);
                cmd.Parameters.AddWithValue(requestedById);
                cmd.Parameters.AddWithValue(name);
                cmd.Parameters.AddWithValue(ExportJobFilter.Serialize(filter));
                cmd.Parameters.AddWithValue((object?)(string.IsNullOrWhiteSpace(reason) ? null : reason) ?? DBNull.Value);
                cmd.Parameters.AddWithValue($"{tenantId}/{id:N}.zip");
                cmd.Parameters.AddWithValue(revealPersonalValues);
                return (await ReadAllAsync(cmd, ct)).Single();
            }, ct);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation)
        {
            throw new ExportRefusedException($"the export of tenant \"{tenantId}\" cannot be queued: {ex.MessageText}", ex);
        }
    }

    /// <summary>The tenant's export history, newest first.</summary>
    public Task<IReadOnlyList<ExportJob>> ListAsync(string tenantId, int limit = 100, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand(
                $"select {Columns} from web.export_jobs where tenant_id = $1 order by created_at desc, id desc limit $2", conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(Math.Clamp(limit, 1, 1000));
            return await ReadAllAsync(cmd, ct);
        }, ct);

    /// <summary>One job of the tenant, or null when it does not exist there (another tenant's job is absent too).</summary>
    public Task<ExportJob?> FindAsync(string tenantId, Guid id, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand($"select {Columns} from web.export_jobs where tenant_id = $1 and id = $2", conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(id);
            return (await ReadAllAsync(cmd, ct)).SingleOrDefault();
        }, ct);

    /// <summary>
    /// Asks for a job to stop: a queued job is cancelled at once; a running one keeps the flag, which its
    /// worker reads at its next heartbeat. False when the job has already ended (or is not the tenant's).
    /// </summary>
    public Task<bool> RequestCancelAsync(string tenantId, Guid id, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                update web.export_jobs
                set cancel_requested = true,
                    status = case when status = 'queued' then 'cancelled' else status end,
                    finished_at = case when status = 'queued' then clock_timestamp() else finished_at end
                where tenant_id = $1 and id = $2 and status in ('queued', 'running')
                """, conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(id);
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    private Task<T> InTenantAsync<T>(string tenantId, Func<NpgsqlConnection, Task<T>> work, CancellationToken ct) =>
        TenantScope.RunAsync(readerSource, tenantId, work, ct);

    private static async Task<IReadOnlyList<ExportJob>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var jobs = new List<ExportJob>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            jobs.Add(new ExportJob
            {
                TenantId = r.GetString(0), Id = r.GetGuid(1), RequestedById = r.GetString(2), RequestedByName = r.GetString(3),
                Filter = ExportJobFilter.Parse(r.GetString(4)), Reason = r.IsDBNull(5) ? null : r.GetString(5),
                Status = ExportJobStatusNames.Parse(r.GetString(6)), RowsDone = r.GetInt64(7),
                RowsTotal = r.IsDBNull(8) ? null : r.GetInt64(8), EventCount = r.IsDBNull(9) ? null : r.GetInt64(9),
                SizeBytes = r.IsDBNull(10) ? null : r.GetInt64(10), Sha256 = r.IsDBNull(11) ? null : r.GetString(11),
                AccessEventId = r.IsDBNull(12) ? null : r.GetGuid(12), Error = r.IsDBNull(13) ? null : r.GetString(13),
                CreatedAt = r.GetFieldValue<DateTimeOffset>(14), StartedAt = Time(r, 15), FinishedAt = Time(r, 16), ExpiresAt = Time(r, 17),
                FilePath = r.GetString(18), CancelRequested = r.GetBoolean(19), ClaimedBy = r.IsDBNull(20) ? null : r.GetString(20),
                HeartbeatAt = Time(r, 21), RevealPersonalValues = r.GetBoolean(22),
            });
        return jobs;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
