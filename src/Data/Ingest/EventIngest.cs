using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace AuditExplorer.Data.Ingest;

/// <summary>
/// Appends a batch sent over the ingest API, as the writer role, through audit.append_events — the same
/// checks and codes as the SQL contract — with the API key as actor (kind api-key) and the tenant from
/// the URL. The batch and its Idempotency-Key are recorded in the same transaction, so a retry returns
/// the first request's ids and never appends twice.
/// </summary>
public sealed partial class EventIngest(NpgsqlDataSource writerSource)
{
    /// <summary>Most events one request may carry.</summary>
    public const int MaxBatch = 1_000;

    // Members a sender may set; tenant and actor come from the URL and the key.
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "action", "change_kind", "entity_type", "entity_id", "old_values", "new_values", "context", "occurred_at", "id", "schema_version",
    };

    /// <summary>Appends the batch (one event object or an array of up to <see cref="MaxBatch"/>).</summary>
    /// <exception cref="IngestRejectedException">The batch, or one of its events, is refused; nothing was appended.</exception>
    public async Task<IngestResult> IngestAsync(string tenantId, string keyId, string idempotencyKey, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 200)
            throw new IngestRejectedException("IDEMPOTENCY_KEY", "Send an Idempotency-Key header of 1 to 200 characters (e.g. a UUID per batch) so a retry never appends twice.");
        var batch = ToContractBatch(tenantId, keyId, body, out var count);
        var requestHash = SHA256.HashData(body.Span);

        await using var conn = await writerSource.OpenConnectionAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            if (await EarlierAsync(conn, tx, tenantId, keyId, idempotencyKey, ct) is { } earlier)
                return Replay(earlier, requestHash);
            Guid[] ids;
            try
            {
                await using var append = new NpgsqlCommand("select audit.append_events($1)", conn, tx);
                append.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = batch, NpgsqlDbType = NpgsqlDbType.Jsonb });
                ids = (Guid[])(await append.ExecuteScalarAsync(ct))!;
                // Checked before anything else is written, so a batch the contract answered wrongly is rolled back, not recorded.
                if (ids.Length != count) throw new InvalidOperationException($"append_events returned {ids.Length} ids for {count} events");
                await using var record = new NpgsqlCommand(
                    "insert into web.ingest_batches (tenant_id, key_id, idempotency_key, request_sha256, event_ids) values ($1, $2, $3, $4, $5)", conn, tx);
                record.Parameters.AddWithValue(tenantId);
                record.Parameters.AddWithValue(keyId);
                record.Parameters.AddWithValue(idempotencyKey);
                record.Parameters.AddWithValue(requestHash);
                record.Parameters.AddWithValue(ids);
                await record.ExecuteNonQueryAsync(ct);
                await RecordBatchAsync(conn, tx, tenantId, keyId, idempotencyKey, requestHash, ids, ct);
                await tx.CommitAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt == 0)
            {
                // The same batch arrived twice at once; the other request won. Answer with its ids.
                await tx.RollbackAsync(ct);
                continue;
            }
            catch (PostgresException ex) when (ex.SqlState.StartsWith("AE", StringComparison.Ordinal) || ex.SqlState.StartsWith("22", StringComparison.Ordinal))
            {
                throw Rejected(ex);
            }
            return new IngestResult(ids, false);
        }
    }

    // The access log shows every batch (issue: "everything the API does is visible"): one access event, in the
    // batch's own transaction, naming the key, its Idempotency-Key, the request's SHA-256 and the events it appended.
    // A replay appends nothing and so records nothing.
    private static async Task RecordBatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenantId, string keyId, string idempotencyKey,
        byte[] requestHash, Guid[] ids, CancellationToken ct)
    {
        var values = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["events"] = ids.Length,
            ["first_event_id"] = ids[0],
            ["last_event_id"] = ids[^1],
            ["request_sha256"] = Convert.ToHexStringLower(requestHash),
        });
        await using var cmd = new NpgsqlCommand(
            "select audit.append_event($1, $2, 'api-key', 'ingest.batch_received', 'access', 'ingest_batch', $3, null, $4::jsonb)", conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(keyId);
        cmd.Parameters.AddWithValue(idempotencyKey);
        cmd.Parameters.AddWithValue(values);
        await cmd.ExecuteScalarAsync(ct);
    }

    private static IngestResult Replay((byte[] Hash, Guid[] Ids) earlier, byte[] requestHash) =>
        CryptographicOperations.FixedTimeEquals(earlier.Hash, requestHash)
            ? new IngestResult(earlier.Ids, true)
            : throw new IngestRejectedException("IDEMPOTENCY_MISMATCH",
                "This Idempotency-Key was already used for a different batch; send a new key for new events, or the same body to retry.", conflict: true);

    private static async Task<(byte[] Hash, Guid[] Ids)?> EarlierAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenantId, string keyId,
        string idempotencyKey, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select request_sha256, event_ids from web.ingest_batches where tenant_id = $1 and key_id = $2 and idempotency_key = $3", conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(keyId);
        cmd.Parameters.AddWithValue(idempotencyKey);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ((byte[])r[0], (Guid[])r[1]) : null;
    }

    // The request body as audit.append_events' argument: the sender's members, plus tenant and actor.
    private static byte[] ToContractBatch(string tenantId, string keyId, ReadOnlyMemory<byte> body, out int count)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 10_000 });
        }
        catch (JsonException ex)
        {
            throw new IngestRejectedException("AE030", $"The body is not well-formed JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            var events = root.ValueKind switch
            {
                JsonValueKind.Object => [root],
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                _ => throw new IngestRejectedException("AE030", "Send one event object or an array of event objects."),
            };
            if (events.Count is 0 or > MaxBatch)
                throw new IngestRejectedException("AE030", $"A batch holds 1 to {MaxBatch:N0} events; this one holds {events.Count:N0}.");
            count = events.Count;
            var buffer = new ArrayBufferWriter<byte>(body.Length + events.Count * 96);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartArray();
                for (var i = 0; i < events.Count; i++)
                {
                    var e = events[i];
                    if (e.ValueKind != JsonValueKind.Object) throw new IngestRejectedException("AE030", $"event {i} of the batch: is not a JSON object", i);
                    w.WriteStartObject();
                    foreach (var member in e.EnumerateObject())
                    {
                        if (!Allowed.Contains(member.Name))
                            throw new IngestRejectedException("AE030", member.Name is "tenant_id" or "actor_id" or "actor_kind"
                                ? $"event {i} of the batch: \"{member.Name}\" is set by the URL and the API key, not by the sender"
                                : $"event {i} of the batch: has unknown member \"{member.Name}\" (known: {string.Join(", ", Allowed.Order(StringComparer.Ordinal))})", i);
                        member.WriteTo(w);
                    }
                    w.WriteString("tenant_id", tenantId);
                    w.WriteString("actor_id", keyId);
                    w.WriteString("actor_kind", "api-key");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            return buffer.WrittenSpan.ToArray();
        }
    }

    private static IngestRejectedException Rejected(PostgresException ex)
    {
        var match = ElementPrefix().Match(ex.MessageText);
        int? index = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return new IngestRejectedException(ex.SqlState, ex.MessageText, index);
    }

    [GeneratedRegex(@"^event (\d+) of the batch: ")]
    private static partial Regex ElementPrefix();
}
