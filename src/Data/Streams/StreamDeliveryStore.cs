using AuditExplorer.Data.Access;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// The stream worker's reads and writes: which streams to deliver, their sealed events after the position (in seq
/// order), and the position and state afterwards. As the reader role, each inside the stream's tenant scope; the
/// worker holds no right to write audit data. Only sealed events exist here: the reads start from audit.seals.
/// </summary>
public sealed class StreamDeliveryStore(NpgsqlDataSource readerSource)
{
    /// <summary>Active and failing streams of every tenant.</summary>
    public async Task<IReadOnlyList<(string TenantId, Guid Id)>> DeliverableAsync(CancellationToken ct)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select tenant_id, id from web.deliverable_streams()", conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<(string, Guid)>();
        while (await r.ReadAsync(ct)) list.Add((r.GetString(0), r.GetGuid(1)));
        return list;
    }

    /// <summary>The stream as stored now; null when it was deleted.</summary>
    public async Task<StreamDefinition?> LoadAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct);
        await using var cmd = new NpgsqlCommand("""
            select s.kind, s.settings::text, web.stream_secret(s.tenant_id, s.id), s.state, s.filter, s.format, s.privacy, s.position,
                   (select t.personal_paths from audit.tenants t where t.tenant_id = s.tenant_id)
            from web.streams s where s.tenant_id = $1 and s.id = $2
            """, conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new StreamDefinition(tenantId, id, r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
            StreamFilter.Parse(r.GetString(4)), r.GetString(5), r.GetString(6), r.GetInt64(7),
            r.IsDBNull(8) ? [] : r.GetFieldValue<string[]>(8));
    }

    /// <summary>Up to <paramref name="limit"/> sealed events with seq after <paramref name="position"/>, in seq order.</summary>
    public async Task<List<ExportedEvent>> ReadAfterAsync(string tenantId, long position, int limit, CancellationToken ct)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct);
        await using var cmd = new NpgsqlCommand($"""
            select s.seq, s.prev_hash, s.hash, s.leaf_hash, {SealLinkColumns.SelectList}, {StoredEventColumns.SelectList}
            from audit.seals s
            join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
            where s.tenant_id = $1 and s.seq > $2
            order by s.seq
            limit $3
            """, conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(position);
        cmd.Parameters.AddWithValue(limit);
        var batch = new List<ExportedEvent>(limit);
        await using var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await r.ReadAsync(ct))
        {
            var seq = r.GetInt64(0);
            var prev = (byte[])r[1];
            var hash = (byte[])r[2];
            var leaf = (byte[])r[3];
            var links = SealLinkColumns.Read(r, 4);
            var e = StoredEventColumns.Read(r, 7, tenantId)!;
            batch.Add(new ExportedEvent(e, seq, prev, hash, leaf) { Links = links });
        }
        return batch;
    }

    /// <summary>
    /// The stream's lag as the Streams page shows it: sealed events after its position, and how long ago the oldest of
    /// them was sealed (zero when caught up). Null when the stream was deleted.
    /// </summary>
    public Task<(long Events, TimeSpan OldestAge)?> LagAsync(string tenantId, Guid id, CancellationToken ct) =>
        InTenantAsync<(long, TimeSpan)?>(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                select greatest((select coalesce(max(x.seq), 0) from audit.seals x where x.tenant_id = s.tenant_id) - s.position, 0),
                       coalesce(extract(epoch from clock_timestamp()
                           - (select x.sealed_at from audit.seals x where x.tenant_id = s.tenant_id and x.seq > s.position order by x.seq limit 1)), 0)::float8
                from web.streams s where s.tenant_id = $1 and s.id = $2
                """, conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(id);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            return (r.GetInt64(0), TimeSpan.FromSeconds(Math.Max(0, r.GetDouble(1))));
        }, ct);

    /// <summary>
    /// Records that the destination accepted everything up to <paramref name="position"/>: a failing stream is active
    /// again, a paused one stays paused. Returns the state afterwards, or null when the stream was deleted.
    /// </summary>
    public Task<string?> AdvanceAsync(string tenantId, Guid id, long position, bool delivered, CancellationToken ct) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                update web.streams
                set position = greatest(position, $3),
                    last_delivered_at = case when $4 then clock_timestamp() else last_delivered_at end,
                    state = case when state = 'failing' then 'active' else state end,
                    last_error = case when state = 'failing' then null else last_error end,
                    failing_since = case when state = 'failing' then null else failing_since end
                where tenant_id = $1 and id = $2
                returning state
                """, conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(position);
            cmd.Parameters.AddWithValue(delivered);
            return await cmd.ExecuteScalarAsync(ct) as string;
        }, ct);

    /// <summary>Marks an active stream failing with what to check; a paused stream stays paused.</summary>
    public Task FailAsync(string tenantId, Guid id, string error, CancellationToken ct) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                update web.streams
                set state = case when state = 'paused' then state else 'failing' end,
                    last_error = left($3, 2000),
                    failing_since = case when state = 'paused' then failing_since else coalesce(failing_since, clock_timestamp()) end
                where tenant_id = $1 and id = $2
                """, conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(error);
            return await cmd.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>
    /// Takes the stream's delivery lock on <paramref name="conn"/> (a connection the caller keeps open for the round):
    /// a session advisory lock, so a second instance skips the stream, and a crashed one releases it with its connection.
    /// </summary>
    public static async Task<bool> TryLockAsync(NpgsqlConnection conn, string tenantId, Guid id, bool unlock, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            unlock ? "select pg_advisory_unlock(hashtextextended('auditexplorer.stream/' || $1 || '/' || $2::text, 0))"
                   : "select pg_try_advisory_lock(hashtextextended('auditexplorer.stream/' || $1 || '/' || $2::text, 0))", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Opens a connection for <see cref="TryLockAsync"/>.</summary>
    public async Task<NpgsqlConnection> OpenLockConnectionAsync(CancellationToken ct)
    {
        var conn = await readerSource.OpenConnectionAsync(ct);
        return conn;
    }

    private Task<T> InTenantAsync<T>(string tenantId, Func<NpgsqlConnection, Task<T>> work, CancellationToken ct) =>
        TenantScope.RunAsync(readerSource, tenantId, work, ct);
}
