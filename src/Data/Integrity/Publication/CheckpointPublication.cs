using AuditExplorer.Data.Access;
using Npgsql;

namespace AuditExplorer.Data.Integrity.Publication;

/// <summary>
/// What a tenant's log publishes to parties outside the operator: its latest signed checkpoint and RFC 6962
/// consistency proofs between any two checkpointed sizes, to holders of one of the tenant's monitor tokens.
/// Reads as the reader role inside the tenant's row-level-security scope; no event content is ever served,
/// only tree heads and interior hashes.
/// </summary>
public sealed class CheckpointPublication(NpgsqlDataSource readerSource)
{
    /// <summary>True when the token is a live monitor token of exactly this tenant.</summary>
    public Task<bool> AllowsAsync(string tenantId, string? token, CancellationToken ct) =>
        MonitorTokens.AllowsAsync(readerSource, tenantId, token, ct);

    /// <summary>The latest signed checkpoint (C2SP signed note), or null when the tenant has none yet.</summary>
    public async Task<StoredCheckpoint?> LatestAsync(string tenantId, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct, System.Data.IsolationLevel.RepeatableRead);
        return await CheckpointStore.LatestAsync(conn, tenantId, ct);
    }

    /// <summary>
    /// The consistency proof from <paramref name="oldSize"/> to <paramref name="newSize"/>, for
    /// 0 &lt; old ≤ new ≤ the latest checkpointed size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are not 1 ≤ old ≤ new ≤ latest checkpointed size.</exception>
    public async Task<ConsistencyProof> ConsistencyAsync(string tenantId, long oldSize, long newSize, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct, System.Data.IsolationLevel.RepeatableRead);
        var latest = await CheckpointStore.LatestAsync(conn, tenantId, ct);
        var limit = latest?.TreeSize ?? 0;
        if (oldSize < 1 || oldSize > newSize || newSize > limit)
            throw new ArgumentOutOfRangeException(nameof(oldSize),
                $"sizes must satisfy 1 ≤ from ≤ to ≤ {limit} (the latest checkpoint of tenant {tenantId}); got from={oldSize}, to={newSize}");
        return await new MerkleTreeReader(new StoredMerkleHashes(conn, tenantId)).ConsistencyProofAsync(oldSize, newSize, ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct) =>
        await readerSource.OpenConnectionAsync(ct);
}
