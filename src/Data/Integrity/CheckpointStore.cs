using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>Reads audit.checkpoints on an open connection; each note comes with its witnesses' cosignature lines.</summary>
internal static class CheckpointStore
{
    /// <summary>
    /// The note of checkpoint row "c" followed by the cosignature lines stored for it (audit.checkpoint_cosignatures):
    /// the note the checkpoint API serves and packages carry. Verifiers that do not know a witness key ignore its line.
    /// </summary>
    public const string CosignedNoteSql =
        "c.note || coalesce((select string_agg(x.signature_line, '' order by x.witness_key) from audit.checkpoint_cosignatures x " +
        "where x.tenant_id = c.tenant_id and x.tree_size = c.tree_size), '')";

    public static async Task<StoredCheckpoint?> LatestAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct) =>
        (await ReadAsync(conn, tenantId, "order by tree_size desc limit 1", ct)).FirstOrDefault();

    public static async Task<StoredCheckpoint?> AtSizeAsync(NpgsqlConnection conn, string tenantId, long treeSize, CancellationToken ct) =>
        (await ReadAsync(conn, tenantId, "and tree_size = $2 limit 1", ct, treeSize)).FirstOrDefault();

    public static Task<List<StoredCheckpoint>> AllAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct) =>
        ReadAsync(conn, tenantId, "order by tree_size", ct);

    private static async Task<List<StoredCheckpoint>> ReadAsync(NpgsqlConnection conn, string tenantId, string orderAndLimit, CancellationToken ct, long? size = null)
    {
        await using var cmd = new NpgsqlCommand(
            $"select c.tree_size, c.root_hash, {CosignedNoteSql}, c.key_id, c.issued_at from audit.checkpoints c where c.tenant_id = $1 " + orderAndLimit, conn);
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
