using AuditExplorer.Data.Redaction;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>Reads the personal values (with salts) behind one batch of exported events, in the export's transaction.</summary>
internal static class PersonalValueExport
{
    public static async Task<List<PersonalValueLine>> ReadAsync(NpgsqlConnection conn, string tenantId, IReadOnlyList<ExportedEvent> batch, CancellationToken ct)
    {
        var withCommitments = batch.Where(r => PersonalCommitment.MayContain(r.Event.OldValues) || PersonalCommitment.MayContain(r.Event.NewValues)).ToList();
        if (withCommitments.Count == 0) return [];
        var seqById = withCommitments.ToDictionary(r => r.Event.Id, r => r.Seq);
        await using var cmd = new NpgsqlCommand("""
            select event_id, encode(commitment, 'hex'), encode(salt, 'hex'), value_text from audit.all_personal_values
            where tenant_id = $1 and event_id = any($2) order by event_id, commitment
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(seqById.Keys.ToArray());
        var lines = new List<PersonalValueLine>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            lines.Add(new PersonalValueLine(seqById[reader.GetGuid(0)], reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return [.. lines.OrderBy(l => l.Seq)];
    }
}
