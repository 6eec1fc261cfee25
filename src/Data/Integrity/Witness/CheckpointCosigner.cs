using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// The sealer's side of tlog-witness: submits each tenant's latest checkpoint, with a consistency proof from the
/// size the witness last cosigned, to every configured witness that has not cosigned it yet, and stores the
/// verified cosignature line in audit.checkpoint_cosignatures. A witness that is down or refuses is logged and
/// tried again on the next round; it never stops sealing. Connect as auditexplorer_sealer.
/// </summary>
public sealed class CheckpointCosigner(NpgsqlDataSource sealerSource, IReadOnlyList<ConfiguredWitness> witnesses, HttpClient http,
    ILogger? logger = null)
{
    private const int MaxAttempts = 3;
    private readonly ILogger _log = logger ?? NullLogger.Instance;

    public IReadOnlyList<ConfiguredWitness> Witnesses => witnesses;

    /// <summary>Asks every witness missing from a tenant's latest checkpoint for its cosignature (every tenant, or one).</summary>
    public async Task<IReadOnlyList<WitnessSubmission>> CosignLatestAsync(string? tenantId = null, CancellationToken ct = default)
    {
        var results = new List<WitnessSubmission>();
        if (witnesses.Count == 0) return results;
        await using var conn = await sealerSource.OpenConnectionAsync(ct);
        var latest = new List<(string Tenant, long Size, string Note)>();
        await using (var cmd = new NpgsqlCommand(
            """
            select c.tenant_id, c.tree_size, c.note from audit.checkpoints c
            where c.tree_size = (select max(m.tree_size) from audit.checkpoints m where m.tenant_id = c.tenant_id)
              and ($1::text is null or c.tenant_id = $1)
            order by c.tenant_id
            """, conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)tenantId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) latest.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        }
        foreach (var (tenant, size, note) in latest)
        {
            foreach (var witness in witnesses)
            {
                if (await LastCosignedAsync(conn, tenant, witness, ct) == size) continue;
                results.Add(await SubmitAsync(conn, tenant, note, witness, ct));
            }
        }
        return results;
    }

    private async Task<WitnessSubmission> SubmitAsync(NpgsqlConnection conn, string tenant, string note, ConfiguredWitness witness, CancellationToken ct)
    {
        var body = CheckpointBody.Parse(SignedNote.Parse(note).Text);
        var label = witness.Key.Label;
        var oldSize = await LastCosignedAsync(conn, tenant, witness, ct) ?? 0;
        var tree = new MerkleTreeReader(new StoredMerkleHashes(conn, tenant));
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (oldSize > body.TreeSize)
            {
                var problem = $"witness {label} has cosigned size {oldSize} of {body.Origin}, but the log's newest checkpoint has only {body.TreeSize} events: the log was rolled back";
                _log.LogCritical("{Problem}", problem);
                return new WitnessSubmission(tenant, body.TreeSize, label, false, problem);
            }
            IReadOnlyList<byte[]> proof = oldSize == 0 || oldSize == body.TreeSize ? [] : (await tree.ConsistencyProofAsync(oldSize, body.TreeSize, ct)).Path;
            var request = new AddCheckpointRequest(oldSize, proof, note);
            int status;
            string answer;
            try
            {
                using var content = new StringContent(request.ToBody(), Encoding.UTF8, "text/plain");
                using var response = await http.PostAsync(witness.AddCheckpointUrl, content, ct);
                status = (int)response.StatusCode;
                answer = await response.Content.ReadAsStringAsync(ct);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
            {
                _log.LogWarning("Witness {Witness} at {Url} did not answer ({Error}); checkpoint {Size} of {Tenant} is retried next round",
                    label, witness.Url, ex.Message, body.TreeSize, tenant);
                return new WitnessSubmission(tenant, body.TreeSize, label, false, $"no answer: {ex.Message}");
            }
            if (status == 409 && long.TryParse(answer.TrimEnd('\n'), NumberStyles.None, CultureInfo.InvariantCulture, out var witnessSize) && witnessSize != oldSize)
            {
                // The witness knows another size than we recorded (its state or ours is older): prove from its size.
                oldSize = witnessSize;
                continue;
            }
            if (status != 200)
            {
                var problem = $"witness {label} refused checkpoint {body.TreeSize} of {body.Origin}: HTTP {status} {Truncate(answer)}";
                if (status is 409 or 422) _log.LogCritical("{Problem}", problem);
                else _log.LogWarning("{Problem}", problem);
                return new WitnessSubmission(tenant, body.TreeSize, label, false, problem);
            }
            return await StoreAsync(conn, tenant, note, body, witness, answer, ct);
        }
        return new WitnessSubmission(tenant, body.TreeSize, label, false, $"witness {label} kept answering 409 Conflict");
    }

    private async Task<WitnessSubmission> StoreAsync(NpgsqlConnection conn, string tenant, string note, CheckpointBody body,
        ConfiguredWitness witness, string answer, CancellationToken ct)
    {
        var label = witness.Key.Label;
        var text = SignedNote.Parse(note).Text;
        foreach (var line in answer.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            NoteSignature signature;
            try
            {
                signature = SignedNote.Parse(text + "\n" + line + "\n").Signatures[0];
            }
            catch (FormatException)
            {
                continue;
            }
            if (!witness.Key.Matches(signature)) continue;
            if (witness.Key.Verify(text, signature) is not { } timestamp)
            {
                var problem = $"witness {label} answered with a cosignature that does not verify";
                _log.LogError("{Problem}", problem);
                return new WitnessSubmission(tenant, body.TreeSize, label, false, problem);
            }
            await using var insert = new NpgsqlCommand(
                """
                insert into audit.checkpoint_cosignatures (tenant_id, tree_size, witness_key, cosigned_at, signature_line)
                values ($1, $2, $3, $4, $5) on conflict do nothing
                """, conn);
            insert.Parameters.AddWithValue(tenant);
            insert.Parameters.AddWithValue(body.TreeSize);
            insert.Parameters.AddWithValue(label);
            insert.Parameters.AddWithValue(DateTimeOffset.FromUnixTimeSeconds(timestamp));
            insert.Parameters.AddWithValue(signature.ToLine());
            await insert.ExecuteNonQueryAsync(ct);
            _log.LogInformation("Witness {Witness} cosigned checkpoint {Size} of {Tenant}", label, body.TreeSize, tenant);
            return new WitnessSubmission(tenant, body.TreeSize, label, true, null);
        }
        return new WitnessSubmission(tenant, body.TreeSize, label, false, $"witness {label} answered 200 without a cosignature by its key");
    }

    private static async Task<long?> LastCosignedAsync(NpgsqlConnection conn, string tenant, ConfiguredWitness witness, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select max(tree_size) from audit.checkpoint_cosignatures where tenant_id = $1 and witness_key = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(witness.Key.Label);
        return await cmd.ExecuteScalarAsync(ct) is long size ? size : null;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text.TrimEnd('\n') : text[..300] + "…";
}
