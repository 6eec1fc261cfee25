using System.Text.Json;
using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>
/// The export's own access event (audit_log.export): tenant checks, the context it records, and
/// for bound exports the first phase (commit it, then wait until a signed checkpoint covers it).
/// </summary>
internal static class ExportAccessEvent
{
    public static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static async Task CheckTenantAsync(NpgsqlConnection conn, EvidencePackageRequest request, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select require_access_reason from audit.tenants where tenant_id = $1", conn);
        cmd.Parameters.AddWithValue(request.TenantId);
        var requireReason = await cmd.ExecuteScalarAsync(ct);
        if (requireReason is not bool required)
            throw new ExportRefusedException($"tenant \"{request.TenantId}\" does not exist or this connection may not read it");
        if (required && string.IsNullOrWhiteSpace(request.Reason))
            throw new ExportRefusedException($"tenant \"{request.TenantId}\" requires a reason for every access: give one (--reason)");
    }

    /// <summary>
    /// The access event's context: client, reason and the filter exactly as the manifest states it
    /// (so a bound package's claims can be compared member by member), and for a one-phase export
    /// the counts under the checkpoint used.
    /// </summary>
    public static string Context(EvidencePackageRequest request, ManifestFilter f, ExportPlan? plan, StoredCheckpoint? checkpoint, CheckpointVerifierKey? exportKey) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["client_app"] = request.ClientApp,
            ["reason"] = Empty(request.Reason),
            ["filter"] = new Dictionary<string, object?>
            {
                ["entity_type"] = f.EntityType, ["entity_id"] = f.EntityId, ["actor_id"] = f.ActorId,
                ["action"] = f.Action, ["change_kind"] = f.ChangeKind,
                ["from"] = f.From?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["to"] = f.To?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["include_access_events"] = f.IncludeAccessEvents,
                ["subject_id"] = f.SubjectId,
            }.Where(p => p.Value is not null).ToDictionary(),
            ["row_count"] = plan?.Rows,
            ["excluded_unsealed"] = plan?.ExcludedUnsealed,
            ["checkpoint_size"] = checkpoint?.TreeSize,
            ["package_format_version"] = PackageFiles.FormatVersion,
            // The public half of the key that signs manifest.dsse.json: the sealed event vouches for it.
            ["export_key"] = exportKey?.ToString(),
        }.Where(p => p.Value is not null).ToDictionary());

    /// <summary>
    /// Phase one of a bound export: commit the access event, then wait until it is sealed and a
    /// checkpoint covers it. Fail-closed as before: if it cannot be recorded, nothing is exported.
    /// </summary>
    public static async Task<(Guid Id, long Seq)> RecordAndAwaitCheckpointAsync(NpgsqlDataSource readerSource, EvidencePackageRequest request, ManifestFilter claimed, CheckpointVerifierKey? exportKey, CancellationToken ct)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        Guid id;
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await AuditExplorer.Data.Access.TenantScope.SetAsync(conn, request.TenantId, ct);
            await CheckTenantAsync(conn, request, ct);
            id = await AppendAsync(conn, request, Context(request, claimed, null, null, exportKey), ct);
            await tx.CommitAsync(ct);
        }
        var deadline = DateTimeOffset.UtcNow + request.BindTimeout;
        var state = "not sealed yet";
        while (true)
        {
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                await AuditExplorer.Data.Access.TenantScope.SetAsync(conn, request.TenantId, ct);
                await using var cmd = new NpgsqlCommand("""
                    select s.seq, (select max(c.tree_size) from audit.checkpoints c where c.tenant_id = $1)
                    from audit.seals s where s.tenant_id = $1 and s.event_id = $2
                    """, conn);
                cmd.Parameters.AddWithValue(request.TenantId);
                cmd.Parameters.AddWithValue(id);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    var seq = reader.GetInt64(0);
                    if (!reader.IsDBNull(1) && reader.GetInt64(1) >= seq) return (id, seq);
                    state = $"sealed at seq {seq}, latest checkpoint {(reader.IsDBNull(1) ? "none" : reader.GetInt64(1))}";
                }
            }
            if (DateTimeOffset.UtcNow > deadline)
                throw new ExportRefusedException($"the export's access event {id} is recorded but was not sealed and covered by a checkpoint within {request.BindTimeout} ({state}): is the sealer running? Export again once it is");
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    public static async Task<Guid> AppendAsync(NpgsqlConnection conn, EvidencePackageRequest request, string context, CancellationToken ct)
    {
        var f = request.Filter;
        var record = !string.IsNullOrEmpty(f.EntityType) && !string.IsNullOrEmpty(f.EntityId);
        await using var cmd = new NpgsqlCommand(
            "select audit.append_access_event($1, $2, 'audit_log.export', $3, $4, $5::jsonb)", conn);
        cmd.Parameters.AddWithValue(request.TenantId);
        cmd.Parameters.AddWithValue(request.ExporterSubjectId);
        cmd.Parameters.AddWithValue(record ? f.EntityType! : "tenant");
        cmd.Parameters.AddWithValue(record ? f.EntityId! : request.TenantId);
        cmd.Parameters.AddWithValue(context);
        try
        {
            return (Guid)(await cmd.ExecuteScalarAsync(ct))!;
        }
        catch (PostgresException ex)
        {
            throw new AuditExplorer.Data.Access.AccessNotRecordedException(
                "The audit store refused to record the export, so no package was produced: " + ex.MessageText, ex);
        }
    }
}
