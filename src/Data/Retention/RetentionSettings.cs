using AuditExplorer.Data.Access;
using Npgsql;

namespace AuditExplorer.Data.Retention;

/// <summary>
/// Sets retention periods and places and releases legal holds through the store's functions, which
/// check the input and append each change as an audit_log.* access event in the same transaction;
/// lists what the Retention page shows. Connect as the reader (the web app, for a signed-in user;
/// the permission matrix is checked before) or the owner (the CLI, any actor kind, may set the minimum).
/// </summary>
public sealed class RetentionSettings(NpgsqlDataSource dataSource)
{
    /// <summary>Sets the tenant's period (and, as the owner only, its minimum); refused below the minimum (AE041).</summary>
    public Task SetPeriodAsync(string tenantId, int periodMonths, int? minimumMonths, string reason, RetentionActor actor, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("select audit.set_retention_policy($1, $2, $3, $4, $5, $6)", conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(periodMonths);
            cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, (object?)minimumMonths ?? DBNull.Value);
            cmd.Parameters.AddWithValue(reason ?? "");
            cmd.Parameters.AddWithValue(actor.Id);
            cmd.Parameters.AddWithValue(actor.Kind);
            await cmd.ExecuteScalarAsync(ct);
            return 0;
        }, ct);

    /// <summary>Places a hold; returns its id. A hold without a reason or with another scope's key is refused (AE042).</summary>
    public Task<Guid> PlaceHoldAsync(string tenantId, LegalHoldRequest hold, RetentionActor actor, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("select audit.place_legal_hold($1, $2, $3, $4, $5, $6, $7, $8, $9)", conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(hold.Scope ?? "");
            foreach (var value in new[] { hold.EntityType, hold.EntityId, hold.ActorId, hold.CaseId })
                cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)NullIfBlank(value) ?? DBNull.Value);
            cmd.Parameters.AddWithValue(hold.Reason ?? "");
            cmd.Parameters.AddWithValue(actor.Id);
            cmd.Parameters.AddWithValue(actor.Kind);
            return (Guid)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);

    /// <summary>Releases an active hold, with a reason (AE043 for an unknown or released hold).</summary>
    public Task ReleaseHoldAsync(string tenantId, Guid holdId, string reason, RetentionActor actor, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("select audit.release_legal_hold($1, $2, $3, $4, $5)", conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(holdId);
            cmd.Parameters.AddWithValue(reason ?? "");
            cmd.Parameters.AddWithValue(actor.Id);
            cmd.Parameters.AddWithValue(actor.Kind);
            await cmd.ExecuteScalarAsync(ct);
            return 0;
        }, ct);

    /// <summary>The tenant's policy, holds, partitions (soonest expiry first) and archives.</summary>
    public Task<RetentionOverview> OverviewAsync(string tenantId, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn => new RetentionOverview(
            await PolicyAsync(conn, tenantId, ct), await HoldsAsync(conn, tenantId, ct),
            await PartitionsAsync(conn, tenantId, ct), await ArchivesAsync(conn, tenantId, ct)), ct);

    private static async Task<RetentionPolicy> PolicyAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select audit.retention_period_months($1), audit.retention_minimum_months($1), p.set_by, p.set_at, p.reason
            from (select 1) one
            left join lateral (select * from audit.retention_policies p where p.tenant_id = $1 order by p.set_at desc, p.policy_id desc limit 1) p on true
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new RetentionPolicy(tenantId, reader.GetInt32(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    private static async Task<List<LegalHold>> HoldsAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select h.hold_id, h.scope, h.entity_type, h.entity_id, h.actor_id, h.case_id, h.reason, h.placed_by, h.placed_at,
                   r.released_by, r.released_at, r.reason
            from audit.legal_holds h
            left join audit.legal_hold_releases r on r.tenant_id = h.tenant_id and r.hold_id = h.hold_id
            where h.tenant_id = $1
            order by r.released_at is not null, h.placed_at desc
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        var holds = new List<LegalHold>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            holds.Add(new LegalHold(reader.GetGuid(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                reader.GetString(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), Text(reader, 9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), Text(reader, 11)));
        return holds;
    }

    private static async Task<List<ExpiringPartition>> PartitionsAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select partition_name, range_from, range_to, dedicated, expires_at, holds from audit.retention_outlook($1) order by expires_at, partition_name", conn);
        cmd.Parameters.AddWithValue(tenantId);
        var partitions = new List<ExpiringPartition>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            partitions.Add(new ExpiringPartition(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetBoolean(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<Guid[]>(5)));
        return partitions;
    }

    private static async Task<List<RetentionArchive>> ArchivesAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select tenant_id, partition_name, range_from, range_to, event_count, first_seq, last_seq, checkpoint_size, location, sha256, archived_at
            from audit.retention_archives where tenant_id = $1 order by range_from, archived_at
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        var archives = new List<RetentionArchive>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            archives.Add(new RetentionArchive(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetInt64(7), reader.GetString(8),
                Convert.ToHexStringLower((byte[])reader[9]), reader.GetFieldValue<DateTimeOffset>(10)));
        return archives;
    }

    private async Task<T> InTenantAsync<T>(string tenantId, Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await TenantScope.RunAsync(dataSource, tenantId, work, ct);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("AE", StringComparison.Ordinal))
        {
            throw new RetentionRefusedException(ex.MessageText, ex.SqlState, ex);
        }
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
