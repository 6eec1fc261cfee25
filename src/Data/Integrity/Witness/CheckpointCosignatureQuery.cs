using AuditExplorer.Data.Access;
using Npgsql;

namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// A tenant's recent checkpoints and their witness cosignatures, each checked against the trusted witness keys
/// (configuration Checkpoints:TrustedWitnesses). Reads as the reader role inside the tenant's row-level scope;
/// only tree heads and signatures, no event content.
/// </summary>
public sealed class CheckpointCosignatureQuery(NpgsqlDataSource dataSource, IReadOnlyList<WitnessVerifierKey> trustedWitnesses)
{
    public async Task<IReadOnlyList<WitnessedCheckpoint>> RecentAsync(string tenantId, int limit, CancellationToken ct = default)
    {
        // Shown on the Integrity page next to the status: survives a database restart like the status does.
        var rows = await AuditExplorer.Data.Store.PooledRead.RunAsync(dataSource, conn => ReadAsync(conn, tenantId, limit, ct), ct);
        return rows.GroupBy(r => r.Size).Select(g =>
        {
            var first = g.First();
            var text = SignedNote.Parse(first.Note).Text;
            var cosignatures = g.Where(r => r.Line is not null).Select(r => Check(text, r.Line!)).ToList();
            return new WitnessedCheckpoint(first.Size, first.IssuedAt, cosignatures);
        }).ToList();
    }

    private static async Task<List<(long Size, DateTimeOffset IssuedAt, string Note, string? Line)>> ReadAsync(NpgsqlConnection conn,
        string tenantId, int limit, CancellationToken ct)
    {
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct);
        var rows = new List<(long Size, DateTimeOffset IssuedAt, string Note, string? Line)>();
        await using (var cmd = new NpgsqlCommand(
            """
            select c.tree_size, c.issued_at, c.note, x.signature_line
            from (select tree_size, issued_at, note from audit.checkpoints where tenant_id = $1 order by tree_size desc limit $2) c
            left join audit.checkpoint_cosignatures x on x.tenant_id = $1 and x.tree_size = c.tree_size
            order by c.tree_size desc, x.witness_key
            """, conn))
        {
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(limit);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        await tx.CommitAsync(ct);
        return rows;
    }

    private CheckpointCosignature Check(string checkpointText, string line)
    {
        var signature = SignedNote.Parse(checkpointText + "\n" + line).Signatures[0];
        var label = $"{signature.KeyName}+{signature.KeyId:x8}";
        var claimed = Cosignature.TimestampOf(signature) is { } t && t >= 0 ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(t, 253402300799)) : DateTimeOffset.UnixEpoch;
        var trusted = trustedWitnesses.FirstOrDefault(w => w.Matches(signature));
        if (trusted is null) return new CheckpointCosignature(signature.KeyName, label, claimed, CosignatureStatus.UnknownWitness);
        return trusted.Verify(checkpointText, signature) is { } time
            ? new CheckpointCosignature(signature.KeyName, label, DateTimeOffset.FromUnixTimeSeconds(time), CosignatureStatus.Verified)
            : new CheckpointCosignature(signature.KeyName, label, claimed, CosignatureStatus.Invalid);
    }
}
