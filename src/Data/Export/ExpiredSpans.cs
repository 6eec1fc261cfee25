using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>Reads the retention archive records (audit.retention_archives, migration 019) whose seq span covers a seq.</summary>
internal static class ExpiredSpans
{
    public static async Task<IReadOnlyList<ExpiredSpan>> CoveringAsync(NpgsqlConnection conn, string tenantId, long seq, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            select archive_id, range_from, range_to, event_count, first_seq, last_seq, checkpoint_size, location, sha256
            from audit.retention_archives
            where tenant_id = $1 and first_seq <= $2 and last_seq >= $2
            order by first_seq, archive_id
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(seq);
        var spans = new List<ExpiredSpan>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            spans.Add(new ExpiredSpan(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetString(7),
                Convert.ToHexStringLower((byte[])reader[8])));
        return spans;
    }
}
