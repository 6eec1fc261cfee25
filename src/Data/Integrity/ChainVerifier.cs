using System.Data;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Recomputes a tenant's chain and Merkle tree from the events table and checks them against the
/// seals and the signed checkpoints; records every run in audit.verifications and as an
/// audit_log.verify event. Works as the owner or as the reader role (it scopes itself to the tenant).
/// </summary>
public sealed class ChainVerifier(NpgsqlDataSource dataSource, CheckpointKeyring keyring)
{
    private const int ChunkSize = 20_000;

    public Task<VerificationReport> VerifyAsync(string tenantId, VerificationMode mode, VerificationActor actor,
        IProgress<VerificationProgress>? progress = null, CancellationToken ct = default) =>
        VerifyAsync(tenantId, mode, actor, [], progress, ct);

    /// <summary>
    /// Verifies the tenant's chain, and also against <paramref name="signerRecord"/>, the checkpoints
    /// the signer recorded outside the database (entries of other tenants are ignored): a recorded
    /// tree bigger than the chain or the database's checkpoints is <see cref="DamageKind.RolledBack"/>,
    /// one the events no longer produce is <see cref="DamageKind.Forked"/>.
    /// </summary>
    public async Task<VerificationReport> VerifyAsync(string tenantId, VerificationMode mode, VerificationActor actor,
        IReadOnlyCollection<SignedCheckpointEntry> signerRecord, IProgress<VerificationProgress>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var verificationId = Guid.CreateVersion7();
        ChainScan scan;
        long fromSeq;
        (long Size, byte[] Root, byte[] ChainHash)? start = null;
        var extra = new List<DamageFinding>();
        var losses = new List<DamageFinding>();

        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            // One snapshot: the sealer may keep appending, the run sees one consistent chain.
            await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await AuditExplorer.Data.Access.TenantScope.SetAsync(conn, tenantId, ct);

            var checkpoints = await CheckpointStore.AllAsync(conn, tenantId, ct);
            var trusted = CheckSignatures(tenantId, checkpoints, extra);
            var recorded = SignerRecordComparison.ApplyAcknowledgements(
                SignerRecordComparison.TrustedEntries(keyring, tenantId, signerRecord, extra), losses);
            start = mode == VerificationMode.Incremental ? await LastProvenAsync(conn, tenantId, ct) : null;
            var tree = CompactMerkleRange.Empty();
            var storedLeaves = CompactMerkleRange.Empty();
            var startHash = EventChainHash.Genesis();
            if (start is { } earlier && !await CanResumeAsync(conn, tenantId, earlier.Size, extra, ct))
            {
                start = null; // the stored tree cannot be trusted to resume from: check everything
            }
            if (start is { } s)
            {
                tree = await EventSealer.ResumeTreeAsync(conn, tenantId, s.Size, ct);
                storedLeaves = await EventSealer.ResumeTreeAsync(conn, tenantId, s.Size, ct);
                if (!tree.Root().AsSpan().SequenceEqual(s.Root))
                    extra.Add(new DamageFinding(DamageKind.CheckpointInconsistent, null, null,
                        $"the stored tree no longer has the root of checkpoint {s.Size}, which an earlier run proved"));
                if (!(await SealHashAsync(conn, tenantId, s.Size, ct) ?? []).AsSpan().SequenceEqual(s.ChainHash))
                    extra.Add(new DamageFinding(DamageKind.ChainBroken, s.Size, null, $"seal {s.Size} no longer has the hash an earlier run proved"));
                startHash = s.ChainHash;
                await SignerRecordComparison.CheckStoredTreeAsync(conn, tenantId, recorded.Where(r => r.TreeSize <= s.Size), extra, ct);
            }
            SignerRecordComparison.CheckStoredCheckpoints(recorded, checkpoints, extra);
            fromSeq = tree.Size + 1;

            scan = new ChainScan(tree.Size, startHash, tree, storedLeaves, trusted.Where(c => c.TreeSize > tree.Size),
                recorded.Where(r => r.TreeSize > tree.Size));
            foreach (var f in extra) scan.Add(f.Kind, f.Seq, f.EventId, f.Detail);
            var total = await CountSealsAfterAsync(conn, tenantId, tree.Size, ct);
            progress?.Report(new VerificationProgress(0, total));
            await ScanAsync(conn, tenantId, tree.Size, scan, total, progress, ct);
            scan.Finish();
            await FindNodesBeyondChainAsync(conn, tenantId, scan, ct);
            progress?.Report(new VerificationProgress(scan.Checked, total));
            await FindUnsealedEventsAsync(conn, tenantId, scan, ct);
            await tx.CommitAsync(ct);
        }

        // An intact incremental run that reached no newer checkpoint still vouches for where it started.
        // Acknowledged losses are kept out of the scan: they are no damage, so the run still proves its checkpoint.
        var proven = scan.Findings.Count == 0 ? scan.ProvenCheckpoint ?? start : null;
        IReadOnlyList<DamageFinding> findings = losses.Count == 0 ? scan.Findings : [.. scan.Findings, .. losses];
        var auditEventId = await RecordAsync(tenantId, verificationId, mode, startedAt, fromSeq, scan, findings, proven, actor, ct);
        return new VerificationReport(verificationId, tenantId, mode, fromSeq, scan.LastSeq, scan.Checked, findings,
            proven?.Size, clock.Elapsed, auditEventId) { ExpiredByPolicy = scan.ExpiredByPolicy };
    }

    // A run over 10M events takes minutes: no command of the scan may time out half way (Npgsql's default is 30 s).
    // Set per command, as the reader's data source (its pool shared with the pages) keeps its own default.
    private static NpgsqlCommand LongRunning(string sql, NpgsqlConnection conn) => new(sql, conn) { CommandTimeout = 0 };

    // Nodes over leaves the chain does not have prove nothing and would break the sealer later.
    // Named once, without a seq: after a dropped tail they are its knock-on, not the first damage.
    private static async Task FindNodesBeyondChainAsync(NpgsqlConnection conn, string tenantId, ChainScan scan, CancellationToken ct)
    {
        await using var cmd = LongRunning(
            "select count(*), min(level) from audit.merkle_nodes where tenant_id = $1 and level between 1 and 62 and idx >= ($2 >> level)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(scan.LastSeq);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (await reader.ReadAsync(ct) && reader.GetInt64(0) > 0)
            scan.Add(DamageKind.MerkleNodeCorrupted, null, null,
                $"{reader.GetInt64(0)} stored Merkle nodes cover seqs beyond the chain's end at {scan.LastSeq}");
    }

    private static async Task<bool> CanResumeAsync(NpgsqlConnection conn, string tenantId, long size, List<DamageFinding> findings, CancellationToken ct)
    {
        try
        {
            await EventSealer.ResumeTreeAsync(conn, tenantId, size, ct);
            return true;
        }
        catch (MerkleDataMissingException ex)
        {
            findings.Add(new DamageFinding(DamageKind.CheckpointInconsistent, null, null,
                $"the stored tree under proven checkpoint {size} lost hashes ({ex.Message}); verifying the whole chain instead"));
            return false;
        }
    }

    private List<StoredCheckpoint> CheckSignatures(string tenantId, List<StoredCheckpoint> checkpoints, List<DamageFinding> findings)
    {
        var trusted = new List<StoredCheckpoint>();
        foreach (var c in checkpoints)
        {
            var check = keyring.Verify(c.Note);
            if (!check.IsValid)
                findings.Add(new DamageFinding(DamageKind.CheckpointSignatureInvalid, null, null, $"checkpoint {c.TreeSize}: {check.Problem}"));
            else if (check.Body!.TreeSize != c.TreeSize || !check.Body.RootHash.AsSpan().SequenceEqual(c.RootHash)
                     || !check.Body.Origin.EndsWith("/" + tenantId, StringComparison.Ordinal))
                findings.Add(new DamageFinding(DamageKind.CheckpointSignatureInvalid, null, null,
                    $"checkpoint {c.TreeSize}: the stored size, root or tenant differs from the signed text"));
            else trusted.Add(c);
        }
        return trusted;
    }

    // Reads the chain in keyset blocks of seqs: the block's seals, then the tenant's events in the seals'
    // time window in one index range scan, matched here by (id, occurred_at). A block whose window holds
    // far more events than seals (events sealed out of time order) or whose seals do not all find their
    // event (archived, moved, deleted) is read again by lookup (ReadChunkByLookupAsync).
    private static async Task ScanAsync(NpgsqlConnection conn, string tenantId, long afterSeq, ChainScan scan, long total,
        IProgress<VerificationProgress>? progress, CancellationToken ct)
    {
        long maxSeq;
        await using (var max = LongRunning("select coalesce(max(seq), 0) from audit.seals where tenant_id = $1", conn))
        {
            max.Parameters.AddWithValue(tenantId);
            maxSeq = (long)(await max.ExecuteScalarAsync(ct))!;
        }
        Task? previous = null;
        for (var from = afterSeq; from < maxSeq; from += ChunkSize)
        {
            var through = Math.Min(maxSeq, from + ChunkSize);
            var block = await ReadChunkAsync(conn, tenantId, from, through, ct);
            var nodes = await ReadNodesAsync(conn, tenantId, from, through, ct);
            // While one chunk is hashed on all cores and walked in order, the next one is read.
            if (previous is not null) await previous;
            previous = Task.Run(() => Walk(block, nodes, scan, total, progress), ct);
        }
        if (previous is not null) await previous;
    }

    private static async Task<List<SealedRow>> ReadChunkAsync(NpgsqlConnection conn, string tenantId, long afterSeq, long throughSeq, CancellationToken ct)
    {
        var seals = await ReadSealsAsync(conn, tenantId, afterSeq, throughSeq, ct);
        if (seals.Count == 0) return [];
        var from = seals.Min(s => s.OccurredAt);
        var to = seals.Max(s => s.OccurredAt);
        // Enough for the block's own events and those of neighbouring blocks that share its moments; more
        // means the window is mostly other blocks' events, and lookups are cheaper than reading them.
        var limit = seals.Count * 2 + 1_000;
        await using var cmd = LongRunning(
            $"""
            select {StoredEventColumns.SelectList} from audit.events e
            where e.tenant_id = $1 and e.occurred_at >= $2 and e.occurred_at <= $3
            limit $4
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        cmd.Parameters.AddWithValue(limit);
        // Rows are counted, not keys: a database whose primary key was dropped may hold a duplicate row,
        // which must not end the run with an exception.
        var events = new Dictionary<(Guid, DateTimeOffset), Store.AuditEvent>(seals.Count);
        var read = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var e = StoredEventColumns.Read(reader, 0, tenantId)!;
                events.TryAdd((e.Id, e.OccurredAt), e);
                read++;
            }
        }
        if (read == limit) return await ReadChunkByLookupAsync(conn, tenantId, afterSeq, throughSeq, ct);
        var block = new List<SealedRow>(seals.Count);
        foreach (var s in seals)
        {
            if (!events.TryGetValue((s.EventId, s.OccurredAt), out var e))
                return await ReadChunkByLookupAsync(conn, tenantId, afterSeq, throughSeq, ct);
            block.Add(new SealedRow(s.Seq, s.EventId, s.PrevHash, s.Hash, s.LeafHash, e, s.Links));
        }
        return block;
    }

    /// <summary>A command over the tenant's seqs afterSeq+1 .. throughSeq: parameters $1 tenant, $2 after, $3 through.</summary>
    private static NpgsqlCommand SeqBlockCommand(string sql, NpgsqlConnection conn, string tenantId, long afterSeq, long throughSeq)
    {
        var cmd = LongRunning(sql, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(afterSeq);
        cmd.Parameters.AddWithValue(throughSeq);
        return cmd;
    }

    private sealed record SealColumns(long Seq, Guid EventId, DateTimeOffset OccurredAt, byte[] PrevHash, byte[] Hash, byte[] LeafHash, EventLinks Links);

    private static async Task<List<SealColumns>> ReadSealsAsync(NpgsqlConnection conn, string tenantId, long afterSeq, long throughSeq, CancellationToken ct)
    {
        await using var cmd = SeqBlockCommand(
            $"""
            select s.seq, s.event_id, s.occurred_at, s.prev_hash, s.hash, s.leaf_hash, {SealLinkColumns.SelectList} from audit.seals s
            where s.tenant_id = $1 and s.seq > $2 and s.seq <= $3
            order by s.seq
            """, conn, tenantId, afterSeq, throughSeq);
        var seals = new List<SealColumns>((int)(throughSeq - afterSeq));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            seals.Add(new SealColumns(reader.GetInt64(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), (byte[])reader[3],
                (byte[])reader[4], (byte[])reader[5], SealLinkColumns.Read(reader, 6)));
        return seals;
    }

    // Each seal finds its event by primary key in a LATERAL subquery with LIMIT 1, which PostgreSQL cannot
    // flatten into a join: the plan is a primary-key lookup per seal whatever the planner statistics say.
    // (A plain join, planned without statistics, may nest a loop over the block's whole time window: quadratic.)
    private static async Task<List<SealedRow>> ReadChunkByLookupAsync(NpgsqlConnection conn, string tenantId, long afterSeq, long throughSeq, CancellationToken ct)
    {
        await using var cmd = SeqBlockCommand(
            $"""
            with s as (
                select seq, event_id, occurred_at, prev_hash, hash, leaf_hash, hash_format, prev_record_seq, prev_actor_seq from audit.seals
                where tenant_id = $1 and seq > $2 and seq <= $3
            )
            select s.seq, s.event_id, s.prev_hash, s.hash, s.leaf_hash, {SealLinkColumns.SelectList}, {StoredEventColumns.SelectList},
                   case when e.id is null then (
                       select a.location from audit.retention_archives a
                       where a.tenant_id = $1 and s.occurred_at >= a.range_from and s.occurred_at < a.range_to
                         and s.seq between a.first_seq and a.last_seq
                       limit 1) end
            from s left join lateral (
                select {StoredEventColumns.SelectList} from audit.events e
                where e.tenant_id = $1 and e.occurred_at = s.occurred_at and e.id = s.event_id
                limit 1
            ) e on true
            order by s.seq
            """, conn, tenantId, afterSeq, throughSeq);
        var block = new List<SealedRow>((int)(throughSeq - afterSeq));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var links = SealLinkColumns.Read(reader, 5);
            var archivedAt = reader.IsDBNull(8 + StoredEventColumns.Count + 1) ? null : reader.GetString(8 + StoredEventColumns.Count + 1);
            block.Add(new SealedRow(reader.GetInt64(0), reader.GetGuid(1), (byte[])reader[2], (byte[])reader[3], (byte[])reader[4],
                StoredEventColumns.Read(reader, 8, tenantId), links) { ArchivedAt = archivedAt });
        }
        await reader.DisposeAsync();
        var missing = block.Where(r => r.Event is null && r.ArchivedAt is null).Take(100).ToList();
        return missing.Count == 0 ? block : await FindMovedEventsAsync(conn, tenantId, block, missing, ct);
    }

    /// <summary>
    /// A seal whose event is not at its sealed occurred_at may point at an event whose occurred_at
    /// was changed: look it up by id alone (slow, but only for damaged rows) so it is named as altered.
    /// </summary>
    private static async Task<List<SealedRow>> FindMovedEventsAsync(NpgsqlConnection conn, string tenantId, List<SealedRow> block,
        List<SealedRow> missing, CancellationToken ct)
    {
        await using var cmd = LongRunning(
            $"select {StoredEventColumns.SelectList} from audit.events e where e.tenant_id = $1 and e.id = any($2)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(missing.Select(m => m.EventId).ToArray());
        var found = new Dictionary<Guid, Store.AuditEvent>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var e = StoredEventColumns.Read(reader, 0, tenantId)!;
                found[e.Id] = e;
            }
        }
        if (found.Count == 0) return block;
        return block.Select(r => r.Event is null && found.TryGetValue(r.EventId, out var e)
            ? new SealedRow(r.Seq, r.EventId, r.PrevHash, r.Hash, r.LeafHash, e, r.Links) : r).ToList();
    }

    /// <summary>The stored interior nodes that complete within seqs afterSeq+1 .. throughSeq (a few hundred per block).</summary>
    private static async Task<Dictionary<MerkleNodeId, byte[]>> ReadNodesAsync(NpgsqlConnection conn, string tenantId, long afterSeq, long throughSeq,
        CancellationToken ct)
    {
        var ranges = ChainScan.MerkleNodeRange(afterSeq, throughSeq).ToList();
        var nodes = new Dictionary<MerkleNodeId, byte[]>();
        if (ranges.Count == 0) return nodes;
        await using var cmd = LongRunning(
            """
            select n.level, n.idx, n.hash
            from unnest($2::smallint[], $3::bigint[], $4::bigint[]) as w(level, first_idx, last_idx)
            join audit.merkle_nodes n on n.tenant_id = $1 and n.level = w.level and n.idx between w.first_idx and w.last_idx
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(ranges.Select(r => (short)r.Level).ToArray());
        cmd.Parameters.AddWithValue(ranges.Select(r => r.FirstIndex).ToArray());
        cmd.Parameters.AddWithValue(ranges.Select(r => r.LastIndex).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) nodes[new MerkleNodeId(reader.GetInt16(0), reader.GetInt64(1))] = (byte[])reader[2];
        return nodes;
    }

    private static void Walk(List<SealedRow> block, Dictionary<MerkleNodeId, byte[]> nodes, ChainScan scan, long total,
        IProgress<VerificationProgress>? progress)
    {
        scan.UseStoredNodes(nodes);
        Parallel.For(0, block.Count, () => new CanonicalJsonWriter(), (i, _, writer) =>
        {
            block[i].Recompute(writer);
            return writer;
        }, _ => { });
        foreach (var row in block) scan.Accept(row);
        progress?.Report(new VerificationProgress(scan.Checked, total));
    }

    /// <summary>Events with neither a seal nor a queue entry were written around the write contract.</summary>
    private static async Task FindUnsealedEventsAsync(NpgsqlConnection conn, string tenantId, ChainScan scan, CancellationToken ct)
    {
        await using var count = LongRunning(
            """
            select (select count(*) from audit.events where tenant_id = $1)
                 - (select count(*) from audit.seals where tenant_id = $1)
                 + (select coalesce(sum(event_count), 0)::bigint from audit.retention_archives where tenant_id = $1)
                 - (select count(*) from audit.seal_queue where tenant_id = $1)
            """, conn);
        count.Parameters.AddWithValue(tenantId);
        if ((long)(await count.ExecuteScalarAsync(ct))! <= 0) return;

        await using var find = LongRunning(
            """
            select e.id from audit.events e
            where e.tenant_id = $1
              and not exists (select 1 from audit.seals s where s.tenant_id = e.tenant_id and s.event_id = e.id)
              and not exists (select 1 from audit.seal_queue q where q.tenant_id = e.tenant_id and q.event_id = e.id)
            order by e.occurred_at, e.id limit 100
            """, conn);
        find.Parameters.AddWithValue(tenantId);
        await using var reader = await find.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            scan.Add(DamageKind.EventInserted, null, id, $"event {id} is neither sealed nor waiting to be sealed: it bypassed the write contract");
        }
    }

    private static async Task<(long Size, byte[] Root, byte[] ChainHash)?> LastProvenAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = LongRunning(
            """
            select checkpoint_size, checkpoint_root, chain_hash from audit.verifications
            where tenant_id = $1 and outcome in ('intact', 'loss_acknowledged') and checkpoint_size is not null
            order by checkpoint_size desc, finished_at desc limit 1
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), (byte[])reader[1], (byte[])reader[2]) : null;
    }

    private static async Task<byte[]?> SealHashAsync(NpgsqlConnection conn, string tenantId, long seq, CancellationToken ct)
    {
        await using var cmd = LongRunning("select hash from audit.seals where tenant_id = $1 and seq = $2", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(seq);
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }

    private static async Task<long> CountSealsAfterAsync(NpgsqlConnection conn, string tenantId, long afterSeq, CancellationToken ct)
    {
        await using var cmd = LongRunning("select count(*) from audit.seals where tenant_id = $1 and seq > $2", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(afterSeq);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private async Task<Guid> RecordAsync(string tenantId, Guid verificationId, VerificationMode mode, DateTimeOffset startedAt,
        long fromSeq, ChainScan scan, IReadOnlyList<DamageFinding> allFindings, (long Size, byte[] Root, byte[] ChainHash)? proven,
        VerificationActor actor, CancellationToken ct)
    {
        var report = new VerificationReport(verificationId, tenantId, mode, fromSeq, scan.LastSeq, scan.Checked, allFindings, null, TimeSpan.Zero, Guid.Empty);
        var findings = JsonSerializer.Serialize(allFindings.Take(100).Select(f => new
        {
            kind = f.Kind.ToString(), seq = f.Seq, event_id = f.EventId, detail = f.Detail,
        }));
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await AuditExplorer.Data.Access.TenantScope.SetAsync(conn, tenantId, ct);
        await using var cmd = new NpgsqlCommand(
            "select audit.record_verification($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(verificationId);
        cmd.Parameters.AddWithValue(mode == VerificationMode.Full ? "full" : "incremental");
        cmd.Parameters.AddWithValue(startedAt);
        cmd.Parameters.AddWithValue(report.Intact ? "intact" : report.OnlyAcknowledgedLoss ? "loss_acknowledged" : "damaged");
        cmd.Parameters.AddWithValue(fromSeq);
        cmd.Parameters.AddWithValue(scan.LastSeq);
        cmd.Parameters.AddWithValue(scan.Checked);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Bigint, (object?)proven?.Size ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Bytea, (object?)proven?.Root ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Bytea, (object?)proven?.ChainHash ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Bigint, (object?)report.FirstBadSeq ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)report.FirstDamage?.ToString() ?? DBNull.Value);
        cmd.Parameters.AddWithValue(findings);
        cmd.Parameters.AddWithValue(actor.Id);
        cmd.Parameters.AddWithValue(actor.Kind);
        var eventId = (Guid)(await cmd.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return eventId;
    }
}
