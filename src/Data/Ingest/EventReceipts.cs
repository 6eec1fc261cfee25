using AuditExplorer.Data.Access;
using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Data.Ingest;

/// <summary>
/// Receipts for events a sender appended over the ingest API (reader role, tenant scope). Only hashes,
/// the event's seq and the signed checkpoint leave: never the event's content, so a receipt reveals
/// nothing a key holder did not send itself.
/// </summary>
public sealed class EventReceipts(NpgsqlDataSource readerSource)
{
    /// <summary>The receipt of an event appended with <paramref name="keyId"/>, or null when the tenant has no such event of that key.</summary>
    public async Task<EventReceipt?> FindAsync(string tenantId, string keyId, Guid eventId, CancellationToken ct)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct, System.Data.IsolationLevel.RepeatableRead);
        await using var cmd = new NpgsqlCommand(
            """
            select s.seq, s.hash, s.leaf_hash
            from audit.events e
            left join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id and s.occurred_at = e.occurred_at
            where e.tenant_id = $1 and e.id = $2 and e.actor_kind = 'api-key' and e.actor_id = $3
            """, conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(eventId);
        cmd.Parameters.AddWithValue(keyId);
        long? seq;
        byte[]? hash, leaf;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return null;
            seq = r.IsDBNull(0) ? null : r.GetInt64(0);
            hash = r.IsDBNull(1) ? null : (byte[])r[1];
            leaf = r.IsDBNull(2) ? null : (byte[])r[2];
        }
        if (seq is null) return new EventReceipt(eventId, null, null, null, null, null);
        var checkpoint = await CheckpointStore.LatestAsync(conn, tenantId, ct);
        if (checkpoint is null || checkpoint.TreeSize < seq) return new EventReceipt(eventId, seq, hash, leaf, null, null);
        var proof = await new MerkleTreeReader(new StoredMerkleHashes(conn, tenantId)).InclusionProofAsync(seq.Value - 1, checkpoint.TreeSize, ct);
        return new EventReceipt(eventId, seq, hash, leaf, checkpoint, proof);
    }
}
