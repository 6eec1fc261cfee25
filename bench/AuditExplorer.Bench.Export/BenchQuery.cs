using System.Data;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Bench.Export;

/// <summary>One tenant's checkpointed events in seq order, read with a streaming data reader in a tenant-scoped snapshot.</summary>
internal static class BenchQuery
{
    /// <summary>The select both the Sep writer and psql \copy run, so the comparison reads the same rows.</summary>
    public const string Select = """
        select s.seq, e.id, e.occurred_at, e.recorded_at, e.actor_id, e.actor_kind, e.action, e.change_kind,
               e.entity_type, e.entity_id, e.schema_version, e.old_values::text, e.new_values::text, e.context::text,
               s.hash, s.leaf_hash, s.prev_hash
        from audit.seals s
        join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
        where s.tenant_id = $1 and s.seq <= $2
        order by s.seq
        """;

    public static async Task<long> StreamAsync(string connection, string tenant, long treeSize, Action<ExportedEvent> each)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await using (var scope = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn))
        {
            scope.Parameters.AddWithValue(tenant);
            await scope.ExecuteNonQueryAsync();
        }
        await using var cmd = new NpgsqlCommand(Select, conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(treeSize);
        await using var r = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess);
        long rows = 0;
        while (await r.ReadAsync())
        {
            var seq = r.GetInt64(0);
            var e = new AuditEvent
            {
                TenantId = tenant,
                Id = r.GetGuid(1),
                OccurredAt = r.GetFieldValue<DateTimeOffset>(2),
                RecordedAt = r.GetFieldValue<DateTimeOffset>(3),
                ActorId = r.GetString(4),
                ActorKind = r.GetString(5),
                Action = r.GetString(6),
                ChangeKind = r.GetString(7),
                EntityType = r.GetString(8),
                EntityId = r.GetString(9),
                SchemaVersion = r.GetInt32(10),
                OldValues = r.IsDBNull(11) ? null : r.GetString(11),
                NewValues = r.IsDBNull(12) ? null : r.GetString(12),
                Context = r.GetString(13),
            };
            var hash = (byte[])r[14];
            var leaf = (byte[])r[15];
            var prev = (byte[])r[16];
            each(new ExportedEvent(e, seq, prev, hash, leaf));
            rows++;
        }
        return rows;
    }
}
