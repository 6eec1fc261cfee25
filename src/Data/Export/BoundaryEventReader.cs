using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Reads the sealed events at the given seqs (the neighbours of a time range) with their hashes, in
/// the export's transaction, so the package can hold them in full and a verifier can check their times.
/// </summary>
internal static class BoundaryEventReader
{
    public static async Task<List<ExportedEvent>> ReadAsync(NpgsqlConnection conn, string tenantId, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select s.seq, s.prev_hash, s.hash, s.leaf_hash, {SealLinkColumns.SelectList}, {StoredEventColumns.SelectList}
            from audit.seals s
            join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
            where s.tenant_id = $1 and s.seq = any($2)
            order by s.seq
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(seqs.ToArray());
        var rows = new List<ExportedEvent>(seqs.Count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new ExportedEvent(StoredEventColumns.Read(reader, 7, tenantId)!, reader.GetInt64(0), (byte[])reader[1], (byte[])reader[2], (byte[])reader[3])
            {
                Links = SealLinkColumns.Read(reader, 4),
            });
        if (rows.Count != seqs.Count)
            throw new ExportRefusedException($"seqs {string.Join(", ", seqs)} are sealed but their events cannot all be read: the store is damaged; run a verification");
        return rows;
    }
}
