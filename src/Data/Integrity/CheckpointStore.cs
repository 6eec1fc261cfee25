using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>Reads audit.checkpoints on an open connection.</summary>
internal static class CheckpointStore
{
    public static async Task<StoredCheckpoint?> LatestAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct) =>
        (await ReadAsync(conn, tenantId, "order by tree_size desc limit 1", ct)).FirstOrDefault();

    public static async Task<StoredCheckpoint?> AtSizeAsync(NpgsqlConnection conn, string tenantId, long treeSize, CancellationToken ct) =>
        (await ReadAsync(conn, tenantId, "and tree_size = $2 limit 1", ct, treeSize)).FirstOrDefault();

    public static Task<List<StoredCheckpoint>> AllAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct) =>
        ReadAsync(conn, tenantId, "order by tree_size", ct);

    private static async Task<List<StoredCheckpoint>> ReadAsync(NpgsqlConnection conn, string tenantId, string orderAndLimit, CancellationToken ct, long? size = null)
    {
        await using var cmd = new NpgsqlCommand(
            "select tree_size, root_hash, note, key_id, issued_at from audit.checkpoints where tenant_id = $1 " + orderAndLimit, conn);
        cmd.Parameters.AddWithValue(tenantId);
        if (size is { } s) cmd.Parameters.AddWithValue(s);
        var list = new List<StoredCheckpoint>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new StoredCheckpoint(tenantId, reader.GetInt64(0), (byte[])reader[1], reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        return list;
    }
}
