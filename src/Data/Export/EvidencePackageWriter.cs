using System.Buffers;
using System.Data;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Streams the events a timeline filter selects, with their hashes and inclusion proofs to the
/// tenant's latest signed checkpoint, into an evidence package (zip). Connect as auditexplorer_reader.
/// Everything is read in one REPEATABLE READ transaction scoped to the tenant, so the package is one
/// consistent snapshot, and the export is recorded as an access event in that same transaction:
/// when the access event cannot be written, the export fails before any event is written.
/// Events no checkpoint covers yet (unsealed, or sealed after the checkpoint) are left out and
/// counted in the manifest. Memory stays constant: rows are read in batches, and the JSON Lines
/// files are spooled to temporary files while events.csv is written into the zip directly.
/// On an exception the output holds no valid package and must be discarded.
/// </summary>
public sealed class EvidencePackageWriter(string readerConnectionString, CheckpointKeyring keyring)
{
    public async Task<EvidencePackageResult> WriteAsync(EvidencePackageRequest request, Stream output,
        IProgress<ExportProgress>? progress = null, CancellationToken ct = default)
    {
        var filter = request.Filter;
        if (!string.IsNullOrEmpty(filter.Text))
            throw new ExportRefusedException("text search filters cannot be exported: the database cannot select them exactly; narrow by record, actor, action or time");
        if (filter.From is { } f && filter.To is { } t && f >= t)
            throw new ExportRefusedException("the time range is empty: --from must be before --to");

        await using var conn = new NpgsqlConnection(readerConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await ScopeAsync(conn, request.TenantId, ct);
        await CheckTenantAsync(conn, request, ct);
        var checkpoint = await LatestCheckpointAsync(conn, request.TenantId, ct);
        var check = keyring.Verify(checkpoint.Note);
        if (!check.IsValid)
            throw new ExportRefusedException($"the latest checkpoint (tree size {checkpoint.TreeSize}) does not verify with the configured keys: {check.Problem}");

        var range = ExportSelection.IsCompleteRange(filter);
        var plan = range
            ? await PlanRangeAsync(conn, request.TenantId, filter, checkpoint.TreeSize, ct)
            : await PlanFilteredAsync(conn, request.TenantId, filter, checkpoint.TreeSize, ct);
        progress?.Report(new ExportProgress(0, plan.Rows, "reading"));

        var accessEventId = await AppendAccessEventAsync(conn, request, plan, checkpoint, ct);

        var files = new List<ManifestFile>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await using var jsonl = Spool.Create();
        await using var proofs = Spool.Create();
        long csvRows;
        long written = 0;
        var boundaryCount = 0;
        var csvEntry = zip.CreateEntry(PackageFiles.EventsCsv, CompressionLevel.Fastest);
        await using (var csvStream = new HashingWriteStream(csvEntry.Open(), leaveOpen: false))
        {
            await using (var text = new StreamWriter(csvStream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                using var csv = new EventCsvWriter(text);
                var buffer = new ArrayBufferWriter<byte>(1 << 16);
                var scratch = new CanonicalJsonWriter();
                var proofSource = new BatchedInclusionProofs(new StoredMerkleHashes(conn, request.TenantId), checkpoint.TreeSize);
                var batchReader = new ExportBatchReader(conn, request.TenantId, filter, checkpoint.TreeSize, plan, request.BatchSize);
                long expectedSeq = plan.FirstSeq ?? 0;
                while (await batchReader.NextAsync(ct) is { Count: > 0 } batch)
                {
                    var batchProofs = await proofSource.ProveAsync(batch.Select(r => r.Seq - 1).ToList(), ct);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var row = batch[i];
                        if (range && row.Seq != expectedSeq++)
                            throw new ExportRefusedException($"seq {expectedSeq - 1} is sealed but its event cannot be read: the store is damaged; run a verification");
                        csv.Write(row);
                        EventJsonLine.Write(buffer, row, scratch);
                        jsonl.Write(buffer);
                        var p = batchProofs[i];
                        new ProofJsonLine(row.Seq, p.LeafIndex, p.TreeSize, p.Path).Write(buffer);
                        proofs.Write(buffer);
                    }
                    written += batch.Count;
                    progress?.Report(new ExportProgress(written, plan.Rows, "reading"));
                    ct.ThrowIfCancellationRequested();
                }
                if (range && written != plan.Rows)
                    throw new ExportRefusedException($"expected {plan.Rows} events in seq {plan.FirstSeq}..{plan.LastSeq} but read {written}: the store is damaged; run a verification");
                boundaryCount = await WriteBoundaryProofsAsync(conn, request.TenantId, checkpoint.TreeSize, plan, proofs, buffer, ct);
                csv.Complete();
                csvRows = csv.RowsWritten;
            }
            await csvStream.FlushAsync(ct);
            files.Add(new ManifestFile(PackageFiles.EventsCsv, csvStream.BytesWritten, csvStream.HexHash()));
        }

        progress?.Report(new ExportProgress(written, plan.Rows, "packaging"));
        files.Add(await jsonl.CopyIntoAsync(zip, PackageFiles.EventsJsonLines, ct));
        files.Add(await proofs.CopyIntoAsync(zip, PackageFiles.Proofs, ct));
        files.Add(await AddTextAsync(zip, PackageFiles.Checkpoint, checkpoint.Note, ct));
        foreach (var key in SignersOf(checkpoint.Note))
            files.Add(await AddTextAsync(zip, $"{PackageFiles.KeysFolder}{key.Name}+{key.KeyId:x8}.pub", key + "\n", ct));
        files.Add(await AddTextAsync(zip, PackageFiles.VerifyInstructions, VerifyInstructions.Text, ct));

        var manifest = new PackageManifest
        {
            TenantId = request.TenantId,
            Filter = new ManifestFilter(Empty(filter.EntityType), Empty(filter.EntityId), Empty(filter.ActorId), Empty(filter.Action),
                Empty(filter.ChangeKind), filter.From?.ToUniversalTime(), filter.To?.ToUniversalTime(), range || filter.IncludeAccessEvents),
            Exporter = new ManifestExporter(request.ExporterSubjectId, request.ExporterKind, request.ClientApp),
            Reason = Empty(request.Reason),
            CreatedAt = DateTimeOffset.UtcNow,
            AppVersion = request.AppVersion,
            Checkpoint = new ManifestCheckpoint(checkpoint.TreeSize, Convert.ToBase64String(checkpoint.RootHash), checkpoint.KeyId, checkpoint.IssuedAt),
            Counts = new ManifestCounts(written, csvRows, written, boundaryCount, plan.ExcludedUnsealed, plan.OutsideRange),
            Completeness = range ? plan.Completeness() : null,
            AccessEventId = accessEventId,
            Files = files,
        };
        await AddBytesAsync(zip, PackageFiles.Manifest, manifest.ToJsonBytes(), ct);

        // Commit before the zip's central directory is written: a package only becomes readable
        // once its access event is durable.
        await tx.CommitAsync(ct);
        progress?.Report(new ExportProgress(written, plan.Rows, "done"));
        return new EvidencePackageResult(manifest, accessEventId);
    }

    private IEnumerable<CheckpointVerifierKey> SignersOf(string note)
    {
        var signatures = SignedNote.Parse(note).Signatures;
        return keyring.Keys.Where(k => signatures.Any(s => s.KeyName == k.Name && s.KeyId == k.KeyId));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static async Task ScopeAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task CheckTenantAsync(NpgsqlConnection conn, EvidencePackageRequest request, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select require_access_reason from audit.tenants where tenant_id = $1", conn);
        cmd.Parameters.AddWithValue(request.TenantId);
        var requireReason = await cmd.ExecuteScalarAsync(ct);
        if (requireReason is not bool required)
            throw new ExportRefusedException($"tenant \"{request.TenantId}\" does not exist or this connection may not read it");
        if (required && string.IsNullOrWhiteSpace(request.Reason))
            throw new ExportRefusedException($"tenant \"{request.TenantId}\" requires a reason for every access: give one (--reason)");
    }

    private static async Task<StoredCheckpoint> LatestCheckpointAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select tree_size, root_hash, note, key_id, issued_at from audit.checkpoints where tenant_id = $1 order by tree_size desc limit 1", conn);
        cmd.Parameters.AddWithValue(tenantId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            throw new ExportRefusedException($"tenant \"{tenantId}\" has no signed checkpoint yet: seal the log and issue a checkpoint before exporting evidence");
        return new StoredCheckpoint(tenantId, reader.GetInt64(0), (byte[])reader[1], reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4));
    }

    private static async Task<ExportPlan> PlanFilteredAsync(NpgsqlConnection conn, string tenantId, TimelineFilter filter, long treeSize, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand { Connection = conn };
        var size = ExportSelection.Add(cmd, treeSize);
        var where = ExportSelection.Predicate(cmd, tenantId, filter, rangeOnly: false);
        cmd.CommandText = $"""
            select count(s.seq), count(*) from audit.events e
            left join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id and s.seq <= {size}
            where {where}
            """;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var covered = reader.GetInt64(0);
        return new ExportPlan(covered, reader.GetInt64(1) - covered, 0, null, null, null, null);
    }

    private static async Task<ExportPlan> PlanRangeAsync(NpgsqlConnection conn, string tenantId, TimelineFilter filter, long treeSize, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand { Connection = conn };
        var size = ExportSelection.Add(cmd, treeSize);
        var where = ExportSelection.Predicate(cmd, tenantId, filter, rangeOnly: true);
        cmd.CommandText = $"""
            select min(s.seq), max(s.seq), count(s.seq), count(*) from audit.events e
            left join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id and s.seq <= {size}
            where {where}
            """;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var covered = reader.GetInt64(2);
        var excluded = reader.GetInt64(3) - covered;
        if (covered == 0) return new ExportPlan(0, excluded, 0, null, null, null, null);
        var first = reader.GetInt64(0);
        var last = reader.GetInt64(1);
        var rows = last - first + 1;
        return new ExportPlan(rows, excluded, rows - covered, first, last,
            first > 1 ? first - 1 : null, last < treeSize ? last + 1 : null);
    }

    private static async Task<Guid> AppendAccessEventAsync(NpgsqlConnection conn, EvidencePackageRequest request, ExportPlan plan,
        StoredCheckpoint checkpoint, CancellationToken ct)
    {
        var f = request.Filter;
        var record = !string.IsNullOrEmpty(f.EntityType) && !string.IsNullOrEmpty(f.EntityId);
        var context = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["client_app"] = request.ClientApp,
            ["reason"] = Empty(request.Reason),
            ["filter"] = new Dictionary<string, object?>
            {
                ["entity_type"] = Empty(f.EntityType), ["entity_id"] = Empty(f.EntityId), ["actor_id"] = Empty(f.ActorId),
                ["action"] = Empty(f.Action), ["change_kind"] = Empty(f.ChangeKind),
                ["from"] = f.From?.ToUniversalTime().ToString("O"), ["to"] = f.To?.ToUniversalTime().ToString("O"),
                ["include_access_events"] = f.IncludeAccessEvents,
            }.Where(p => p.Value is not null).ToDictionary(),
            ["row_count"] = plan.Rows,
            ["excluded_unsealed"] = plan.ExcludedUnsealed,
            ["checkpoint_size"] = checkpoint.TreeSize,
            ["package_format_version"] = PackageFiles.FormatVersion,
        }.Where(p => p.Value is not null).ToDictionary());
        await using var cmd = new NpgsqlCommand(
            "select audit.append_event($1, $2, $3, 'audit_log.export', 'access', $4, $5, null::jsonb, null::jsonb, $6::jsonb)", conn);
        cmd.Parameters.AddWithValue(request.TenantId);
        cmd.Parameters.AddWithValue(request.ExporterSubjectId);
        cmd.Parameters.AddWithValue(request.ExporterKind);
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

    private static async Task<int> WriteBoundaryProofsAsync(NpgsqlConnection conn, string tenantId, long treeSize, ExportPlan plan,
        Spool proofs, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        var boundaries = new List<(long Seq, string Side)>();
        if (plan.BeforeSeq is { } before) boundaries.Add((before, ProofJsonLine.Before));
        if (plan.AfterSeq is { } after) boundaries.Add((after, ProofJsonLine.After));
        if (boundaries.Count == 0) return 0;
        var store = new StoredMerkleHashes(conn, tenantId);
        var leaves = await store.ReadAsync(boundaries.Select(b => new MerkleNodeId(0, b.Seq - 1)).ToList(), ct);
        var built = await new BatchedInclusionProofs(store, treeSize).ProveAsync(boundaries.Select(b => b.Seq - 1).ToList(), ct);
        for (var i = 0; i < boundaries.Count; i++)
        {
            var (seq, side) = boundaries[i];
            new ProofJsonLine(seq, seq - 1, treeSize, built[i].Path, side, leaves[new MerkleNodeId(0, seq - 1)]).Write(buffer);
            proofs.Write(buffer);
        }
        return boundaries.Count;
    }

    private static Task<ManifestFile> AddTextAsync(ZipArchive zip, string name, string text, CancellationToken ct) =>
        AddBytesAsync(zip, name, new UTF8Encoding(false).GetBytes(text), ct);

    private static async Task<ManifestFile> AddBytesAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using (var stream = entry.Open()) await stream.WriteAsync(bytes, ct);
        return new ManifestFile(name, bytes.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }
}
