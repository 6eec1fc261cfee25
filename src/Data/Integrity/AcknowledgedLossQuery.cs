using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>The tenant's acknowledged losses, oldest first, read under the tenant's scope (reader role or owner).</summary>
public sealed class AcknowledgedLossQuery(NpgsqlDataSource dataSource)
{
    /// <summary>Every acknowledgement the database holds for the tenant.</summary>
    public Task<IReadOnlyList<AcknowledgedLoss>> ListAsync(string tenantId, CancellationToken ct = default) =>
        AuditExplorer.Data.Store.PooledRead.RunAsync<IReadOnlyList<AcknowledgedLoss>>(dataSource, async conn =>
        {
            await using var tx = await AuditExplorer.Data.Access.TenantScope.BeginAsync(conn, tenantId, ct);
            await using var cmd = new NpgsqlCommand(
                """
                select lost_from_seq, lost_through_seq, acknowledged_by, acknowledged_at, reason, case_id, event_id, restored_root, lost_root
                from audit.acknowledged_losses where tenant_id = $1 order by acknowledged_at, acknowledgement_id
                """, conn);
            cmd.Parameters.AddWithValue(tenantId);
            var list = new List<AcknowledgedLoss>();
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                    list.Add(new AcknowledgedLoss(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                        reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetGuid(6),
                        reader.GetFieldValue<byte[]>(7), reader.GetFieldValue<byte[]>(8)));
            }
            await tx.CommitAsync(ct);
            return list;
        }, ct);
}
