using Npgsql;

namespace AuditExplorer.Data.Integrity.Publication;

/// <summary>
/// What a tenant's log publishes to parties outside the operator: its latest signed checkpoint and RFC 6962
/// consistency proofs between any two checkpointed sizes. Reads as the reader role inside the tenant's
/// row-level-security scope; no event content is ever served, only tree heads and interior hashes.
/// </summary>
public sealed class CheckpointPublication(NpgsqlDataSource reader)
{
    /// <summary>The latest signed checkpoint (C2SP signed note), or null when the tenant has none yet.</summary>
    public async Task<StoredCheckpoint?> LatestAsync(string tenantId, CancellationToken ct)
    {
        await using var conn = await reader.OpenConnectionAsync(ct);
        await using var tx = await ScopeAsync(conn, tenantId, ct);
        return await CheckpointStore.LatestAsync(conn, tenantId, ct);
    }

    /// <summary>
    /// The consistency proof from <paramref name="oldSize"/> to <paramref name="newSize"/>; both must be sizes the
    /// log has signed a checkpoint for (or 0 &lt; old ≤ new ≤ the latest checkpoint).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are not 1 ≤ old ≤ new ≤ latest checkpointed size.</exception>
    public async Task<ConsistencyProof> ConsistencyAsync(string tenantId, long oldSize, long newSize, CancellationToken ct)
    {
        await using var conn = await reader.OpenConnectionAsync(ct);
        await using var tx = await ScopeAsync(conn, tenantId, ct);
        var latest = await CheckpointStore.LatestAsync(conn, tenantId, ct);
        var limit = latest?.TreeSize ?? 0;
        if (oldSize < 1 || oldSize > newSize || newSize > limit)
            throw new ArgumentOutOfRangeException(nameof(oldSize),
                $"sizes must satisfy 1 ≤ from ≤ to ≤ {limit} (the latest checkpoint of tenant {tenantId}); got from={oldSize}, to={newSize}");
        return await new MerkleTreeReader(new StoredMerkleHashes(conn, tenantId)).ConsistencyProofAsync(oldSize, newSize, ct);
    }

    private static async Task<NpgsqlTransaction> ScopeAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var scope = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn, tx);
        scope.Parameters.AddWithValue(tenantId);
        await scope.ExecuteNonQueryAsync(ct);
        return tx;
    }
}
