using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>Reads and moves audit.record_heads / audit.actor_heads (migration 017) in the sealer's transaction.</summary>
internal static class StoredLinkHeads
{
    /// <summary>
    /// The stored heads of the batch's records ($2, $3), one primary-key lookup each. As a plain join PostgreSQL
    /// hashed every head of the tenant for a batch of thousands of records: at 600k records a 10k batch read all
    /// 600k heads (240 ms of a batch's ~1 s, growing with the tenant) instead of 9,000 lookups (50 ms). The
    /// lateral subquery with its limit is not flattened into a join, so each key is looked up in the index.
    /// </summary>
    internal const string RecordHeadsSql = """
        select h.entity_type, h.entity_id, h.last_seq
        from unnest($2::text[], $3::text[]) as k(entity_type, entity_id)
        cross join lateral (select r.entity_type, r.entity_id, r.last_seq from audit.record_heads r
                            where r.tenant_id = $1 and r.entity_type = k.entity_type and r.entity_id = k.entity_id
                            limit 1) h
        """;

    /// <summary>
    /// The stored heads of the batch's records and actors, ready to assign the batch's links. A head beyond
    /// the chain's end (<paramref name="chainEnd"/>) means the chain was cut back or the heads edited: refused,
    /// since every link computed from it would be wrong.
    /// </summary>
    public static async Task<BackLinkAssigner> ReadAsync(NpgsqlConnection conn, string tenantId, IReadOnlyList<AuditEvent> events, long chainEnd,
        CancellationToken ct)
    {
        var records = events.Select(e => (e.EntityType, e.EntityId)).Distinct().ToList();
        var actors = events.Select(e => e.ActorId).Distinct(StringComparer.Ordinal).ToArray();
        var recordHeads = new Dictionary<(string, string), long>();
        var actorHeads = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(RecordHeadsSql, conn))
        {
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(records.Select(r => r.EntityType).ToArray());
            cmd.Parameters.AddWithValue(records.Select(r => r.EntityId).ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) recordHeads[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }
        await using (var cmd = new NpgsqlCommand(
            "select actor_id, last_seq from audit.actor_heads where tenant_id = $1 and actor_id = any($2)", conn))
        {
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(actors);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) actorHeads[reader.GetString(0)] = reader.GetInt64(1);
        }
        foreach (var ((type, id), seq) in recordHeads.Where(h => h.Value > chainEnd))
            throw new InvalidOperationException(
                $"the sealer's head of record {type}/{id} in tenant {tenantId} is seq {seq}, beyond the chain's end at seq {chainEnd}: the chain was cut back or audit.record_heads edited; run a full verification");
        foreach (var (actor, seq) in actorHeads.Where(h => h.Value > chainEnd))
            throw new InvalidOperationException(
                $"the sealer's head of actor {actor} in tenant {tenantId} is seq {seq}, beyond the chain's end at seq {chainEnd}: the chain was cut back or audit.actor_heads edited; run a full verification");
        return new BackLinkAssigner(recordHeads, actorHeads);
    }

    /// <summary>Stores the heads the batch moved (one statement per table).</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, string tenantId, BackLinkAssigner heads, CancellationToken ct)
    {
        if (heads.MovedRecords.Count > 0)
        {
            await using var cmd = new NpgsqlCommand("""
                insert into audit.record_heads (tenant_id, entity_type, entity_id, last_seq)
                select $1, k.entity_type, k.entity_id, k.last_seq from unnest($2::text[], $3::text[], $4::bigint[]) as k(entity_type, entity_id, last_seq)
                on conflict (tenant_id, entity_type, entity_id) do update set last_seq = excluded.last_seq
                """, conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(heads.MovedRecords.Keys.Select(k => k.EntityType).ToArray());
            cmd.Parameters.AddWithValue(heads.MovedRecords.Keys.Select(k => k.EntityId).ToArray());
            cmd.Parameters.AddWithValue(heads.MovedRecords.Values.ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        if (heads.MovedActors.Count > 0)
        {
            await using var cmd = new NpgsqlCommand("""
                insert into audit.actor_heads (tenant_id, actor_id, last_seq)
                select $1, k.actor_id, k.last_seq from unnest($2::text[], $3::bigint[]) as k(actor_id, last_seq)
                on conflict (tenant_id, actor_id) do update set last_seq = excluded.last_seq
                """, conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(heads.MovedActors.Keys.ToArray());
            cmd.Parameters.AddWithValue(heads.MovedActors.Values.ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
