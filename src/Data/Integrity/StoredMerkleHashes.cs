using Npgsql;
using NpgsqlTypes;

namespace AuditExplorer.Data.Integrity;

/// <summary>Reads one tenant's leaf hashes (audit.seals) and stored interior nodes (audit.merkle_nodes) on an open connection.</summary>
public sealed class StoredMerkleHashes(NpgsqlConnection connection, string tenantId) : IMerkleHashSource
{
    public async Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> ids, CancellationToken ct)
    {
        var result = new Dictionary<MerkleNodeId, byte[]>(ids.Count);
        var leaves = ids.Where(i => i.Level == 0).Select(i => i.Index + 1).ToArray();
        var nodes = ids.Where(i => i.Level > 0).ToList();
        if (leaves.Length > 0)
        {
            await using var cmd = new NpgsqlCommand(
                "select seq, leaf_hash from audit.seals where tenant_id = $1 and seq = any($2)", connection);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Bigint, leaves);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) result[new MerkleNodeId(0, reader.GetInt64(0) - 1)] = (byte[])reader[1];
        }
        if (nodes.Count > 0)
        {
            await using var cmd = new NpgsqlCommand(
                """
                select n.level, n.idx, n.hash
                from unnest($2::smallint[], $3::bigint[]) as w(level, idx)
                join audit.merkle_nodes n on n.tenant_id = $1 and n.level = w.level and n.idx = w.idx
                """, connection);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(nodes.Select(n => (short)n.Level).ToArray());
            cmd.Parameters.AddWithValue(nodes.Select(n => n.Index).ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) result[new MerkleNodeId(reader.GetInt16(0), reader.GetInt64(1))] = (byte[])reader[2];
        }
        foreach (var id in ids)
            if (!result.ContainsKey(id)) throw new MerkleDataMissingException(id);
        return result;
    }
}
