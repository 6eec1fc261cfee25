using System.Data;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Streams the events a timeline filter selects, with their hashes and inclusion proofs to the
/// tenant's latest signed checkpoint, into an evidence package (zip). Connect as auditexplorer_reader.
/// Everything is read in one REPEATABLE READ transaction scoped to the tenant, so the package is one
/// consistent snapshot, and the export is recorded as an access event in that same transaction:
/// when the access event cannot be written, the export fails before any event is written. A bound
/// export (<see cref="EvidencePackageRequest.BindToLog"/>) instead commits the access event first,
/// waits until a checkpoint covers it, and includes it with its proof (format 2, export-event.jsonl).
/// Time-range packages hold their neighbours in full (boundaries.jsonl).
/// Events no checkpoint covers yet (unsealed, or sealed after the checkpoint) are left out and
/// counted in the manifest. Memory stays constant: rows are read in batches, and the JSON Lines
/// files are spooled to temporary files while events.csv is written into the zip directly.
/// On an exception the output holds no valid package and must be discarded. With an export key
/// (<paramref name="statementKey"/>) the package also carries manifest.dsse.json, and the access event
/// records that key so the log vouches for it.
/// </summary>
public sealed class EvidencePackageWriter(NpgsqlDataSource readerSource, CheckpointKeyring keyring, ExportSigningKey? statementKey = null)
{
    public async Task<EvidencePackageResult> WriteAsync(EvidencePackageRequest request, Stream output,
        IProgress<ExportProgress>? progress = null, CancellationToken ct = default)
    {
        // PostgreSQL compares at microsecond precision; the manifest states the same bounds the query used,
        // so a verifier's From <= occurred_at < To check agrees with the selection exactly.
        var filter = request.Filter with { From = Microseconds(request.Filter.From), To = Microseconds(request.Filter.To) };
        if (!string.IsNullOrEmpty(filter.Text))
            throw new ExportRefusedException("text search filters cannot be exported: the database cannot select them exactly; narrow by record, actor, action or time");
        // The access event is appended through audit.append_access_event, whose actor kind is always user.
        if (request.ExporterKind != "user")
            throw new ExportRefusedException($"exporter kind \"{request.ExporterKind}\" cannot be recorded: exports are access events of a user");
        if (filter.From is { } f && filter.To is { } t && f >= t)
            throw new ExportRefusedException("the time range is empty: --from must be before --to");

        var range = ExportSelection.IsCompleteRange(filter);
        var claimed = new ManifestFilter(Empty(filter.EntityType), Empty(filter.EntityId), Empty(filter.ActorId), Empty(filter.Action),
            Empty(filter.ChangeKind), filter.From?.ToUniversalTime(), filter.To?.ToUniversalTime(), range || filter.IncludeAccessEvents)
            { SubjectId = Empty(filter.SubjectId) };
        (Guid Id, long Seq)? bound = request.BindToLog ? await ExportAccessEvent.RecordAndAwaitCheckpointAsync(readerSource, request, claimed, statementKey?.VerifierKey, ct) : null;

        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await AuditExplorer.Data.Access.TenantScope.SetAsync(conn, request.TenantId, ct);
        await ExportAccessEvent.CheckTenantAsync(conn, request, ct);
        var checkpoint = await LatestCheckpointAsync(conn, request.TenantId, ct);
        var check = keyring.Verify(checkpoint.Note);
        if (!check.IsValid)
            throw new ExportRefusedException($"the latest checkpoint (tree size {checkpoint.TreeSize}) does not verify with the configured keys: {check.Problem}");
        if (bound is { } b && checkpoint.TreeSize < b.Seq)
            throw new ExportRefusedException($"the latest checkpoint (tree size {checkpoint.TreeSize}) does not cover the export's access event (seq {b.Seq})");

        var plan = range
            ? await PlanRangeAsync(conn, request.TenantId, filter, checkpoint.TreeSize, ct)
            : await PlanFilteredAsync(conn, request.TenantId, filter, checkpoint.TreeSize, ct);
        progress?.Report(new ExportProgress(0, plan.Rows, "reading"));

        var accessEventId = bound?.Id ?? await ExportAccessEvent.AppendAsync(conn, request, ExportAccessEvent.Context(request, claimed, plan, checkpoint, statementKey?.VerifierKey), ct);

        var assembler = new EvidencePackageAssembler(output) { StatementKey = statementKey };
        var history = HistoryCompleteness.For(claimed);
        ExportedEvent? firstChange = null;
        await using (assembler)
        {
            var proofSource = new BatchedInclusionProofs(new StoredMerkleHashes(conn, request.TenantId), checkpoint.TreeSize);
            // A seq span is proven at once (O(log n) hashes); per-event proofs remain for filtered
            // packages, and for small spans only to write their tlog-proof files.
            if (range && plan.FirstSeq is { } firstSeq && plan.LastSeq is { } lastSeq)
                assembler.AddRangeProof(await new MerkleTreeReader(new StoredMerkleHashes(conn, request.TenantId))
                    .RangeProofAsync(firstSeq - 1, lastSeq, checkpoint.TreeSize, ct));
            var perEventProofs = !range || plan.Rows <= PackageFiles.TlogProofEventLimit;
            // Reading ahead needs the connection to itself in the loop: no proof or personal-value reads between batches.
            await using var batchReader = new ExportBatchReader(conn, request.TenantId, filter, checkpoint.TreeSize, plan, request.BatchSize,
                readAhead: !perEventProofs && !request.RevealPersonalValues);
            var expectedSeq = plan.FirstSeq ?? 0;
            while (await batchReader.NextAsync(ct) is { Count: > 0 } batch)
            {
                var proofs = perEventProofs ? await proofSource.ProveAsync(batch.Select(r => r.Seq - 1).ToList(), ct) : null;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (range && batch[i].Seq != expectedSeq++)
                        throw new ExportRefusedException($"seq {expectedSeq - 1} is sealed but its event cannot be read: the store is damaged; run a verification");
                    assembler.AddEvent(batch[i], proofs?[i]);
                    if (history is not null && BackLinkAssigner.IsChange(batch[i].Event) && (firstChange is null || batch[i].Seq < firstChange.Seq))
                        firstChange = batch[i];
                }
                if (request.RevealPersonalValues)
                    foreach (var line in await PersonalValueExport.ReadAsync(conn, request.TenantId, batch, ct))
                        assembler.AddPersonalValue(line);
                progress?.Report(new ExportProgress(assembler.EventsWritten, plan.Rows, "reading"));
                ct.ThrowIfCancellationRequested();
            }
            if (range && assembler.EventsWritten != plan.Rows)
                throw new ExportRefusedException($"expected {plan.Rows} events in seq {plan.FirstSeq}..{plan.LastSeq} but read {assembler.EventsWritten}: the store is damaged; run a verification");
            await AddBoundaryProofsAsync(conn, request.TenantId, checkpoint.TreeSize, plan, assembler, ct);
            if (history is not null && firstChange is not null && history.LinkOf(firstChange.Links) is { } expiredSeq)
                foreach (var span in await ExpiredSpans.CoveringAsync(conn, request.TenantId, expiredSeq, ct))
                    assembler.AddExpiredSpan(span);
            if (bound is { } exportEvent)
            {
                var row = (await BoundaryEventReader.ReadAsync(conn, request.TenantId, [exportEvent.Seq], ct))[0];
                var proof = (await new BatchedInclusionProofs(new StoredMerkleHashes(conn, request.TenantId), checkpoint.TreeSize).ProveAsync([exportEvent.Seq - 1], ct))[0];
                assembler.AddExportEvent(row, proof);
            }

            progress?.Report(new ExportProgress(assembler.EventsWritten, plan.Rows, "packaging"));
            var manifest = await assembler.FinishAsync(new PackageManifest
            {
                TenantId = request.TenantId,
                Filter = claimed,
                Exporter = new ManifestExporter(request.ExporterSubjectId, request.ExporterKind, request.ClientApp),
                Reason = Empty(request.Reason),
                CreatedAt = DateTimeOffset.UtcNow,
                AppVersion = request.AppVersion,
                Checkpoint = new ManifestCheckpoint(checkpoint.TreeSize, Convert.ToBase64String(checkpoint.RootHash), checkpoint.KeyId, checkpoint.IssuedAt),
                Counts = new ManifestCounts(0, 0, 0, 0, plan.ExcludedUnsealed, plan.OutsideRange),
                Completeness = range ? plan.Completeness() : null,
                AccessEventId = accessEventId,
            }, checkpoint.Note, SignersOf(checkpoint.Note), ct);

            // Commit before the zip's central directory is written (on dispose): a package only
            // becomes readable once its access event is durable.
            await tx.CommitAsync(ct);
            progress?.Report(new ExportProgress(manifest.Counts.Events, plan.Rows, "done"));
            return new EvidencePackageResult(manifest, accessEventId);
        }
    }

    // Under the names they signed with (the log's origin), so the package's keys verify the note with any C2SP verifier.
    private IEnumerable<CheckpointVerifierKey> SignersOf(string note) => keyring.SignersOf(note);

    private static DateTimeOffset? Microseconds(DateTimeOffset? value) =>
        value is { } v ? new DateTimeOffset(v.UtcTicks - v.UtcTicks % 10, TimeSpan.Zero) : null;

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;


    private static async Task<StoredCheckpoint> LatestCheckpointAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select c.tree_size, c.root_hash, {CheckpointStore.CosignedNoteSql}, c.key_id, c.issued_at from audit.checkpoints c where c.tenant_id = $1 order by c.tree_size desc limit 1", conn);
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


    /// <summary>The neighbours of a range (seq first - 1 and last + 1 under the checkpoint), in full with their proofs.</summary>
    private static async Task AddBoundaryProofsAsync(NpgsqlConnection conn, string tenantId, long treeSize, ExportPlan plan,
        EvidencePackageAssembler assembler, CancellationToken ct)
    {
        var boundaries = new List<(long Seq, string Side)>();
        if (plan.BeforeSeq is { } before) boundaries.Add((before, ProofJsonLine.Before));
        if (plan.AfterSeq is { } after) boundaries.Add((after, ProofJsonLine.After));
        if (boundaries.Count == 0) return;
        var rows = await BoundaryEventReader.ReadAsync(conn, tenantId, boundaries.Select(b => b.Seq).ToList(), ct);
        var proofs = await new BatchedInclusionProofs(new StoredMerkleHashes(conn, tenantId), treeSize).ProveAsync(boundaries.Select(b => b.Seq - 1).ToList(), ct);
        for (var i = 0; i < boundaries.Count; i++)
            assembler.AddBoundaryEvent(boundaries[i].Side, rows[i], proofs[i]);
    }
}
