using AuditExplorer.Data.Observability;
using System.Diagnostics;
using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Drains audit.seal_queue into the hash chain and Merkle tree. Each batch is one transaction
/// (advisory lock, read queue and events, write seals, search words and tree nodes, release the queue rows and move their personal values), so
/// a crash leaves either the whole batch or none of it. Connect as auditexplorer_sealer.
/// </summary>
public sealed class EventSealer(NpgsqlDataSource sealerSource)
{
    /// <summary>The transaction-scoped advisory lock that keeps sealing (and checkpoint signing) one at a time.</summary>
    public const long LockKey = 0x4145_5345_414C; // "AESEAL"

    public const int DefaultBatchSize = 10_000;

    /// <summary>Runs between writing a batch and committing it; lets tests kill the sealer mid-batch.</summary>
    internal Func<NpgsqlConnection, CancellationToken, Task>? BeforeCommit { get; set; }

    /// <summary>Seals everything queued at the start of the pass, tenant by tenant (or one tenant), batch by batch.</summary>
    public async Task<SealingResult> SealPendingAsync(string? tenantId = null, int batchSize = DefaultBatchSize, CancellationToken ct = default)
    {
        using var span = AuditTelemetry.Activities.StartActivity("seal pending events");
        var clock = Stopwatch.StartNew();
        var tenants = tenantId is null ? await TenantsWithQueuedEventsAsync(ct) : [tenantId];
        long sealedCount = 0;
        var batches = 0;
        var failures = new List<SealingFailure>();
        foreach (var tenant in tenants)
        {
            while (true)
            {
                SealBatchResult batch;
                try
                {
                    batch = await SealBatchAsync(tenant, batchSize, ct);
                }
                catch (Exception ex) when (ex is MerkleDataMissingException or InvalidOperationException or PostgresException)
                {
                    // One tenant's damaged chain must not stop the others from being sealed.
                    failures.Add(new SealingFailure(tenant, ex.Message));
                    break;
                }
                if (batch.Busy) return new SealingResult(sealedCount, batches, tenants.Count, true, clock.Elapsed, failures);
                if (batch.EventsSealed == 0) break;
                sealedCount += batch.EventsSealed;
                batches++;
                if (batch.EventsSealed < batchSize) break;
            }
        }
        return new SealingResult(sealedCount, batches, tenants.Count, false, clock.Elapsed, failures);
    }

    /// <summary>Per tenant, how many committed events wait to be sealed and how old the oldest is.</summary>
    public async Task<IReadOnlyDictionary<string, (long Count, TimeSpan OldestAge)>> BacklogAsync(CancellationToken ct = default)
    {
        await using var conn = await sealerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "select tenant_id, count(*), extract(epoch from clock_timestamp() - min(queued_at))::float8 from audit.seal_queue group by tenant_id", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var backlog = new Dictionary<string, (long, TimeSpan)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            backlog[reader.GetString(0)] = (reader.GetInt64(1), TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(2))));
        return backlog;
    }

    /// <summary>Seals up to <paramref name="batchSize"/> of the tenant's oldest queued events in one transaction.</summary>
    public async Task<SealBatchResult> SealBatchAsync(string tenantId, int batchSize = DefaultBatchSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var conn = await sealerSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await TryLockAsync(conn, ct)) return SealBatchResult.LockBusy(tenantId);

        var events = await ReadQueuedEventsAsync(conn, tenantId, batchSize, ct);
        if (events.Count == 0) return new SealBatchResult(tenantId, 0, 0, 0, false);

        var (headSeq, headHash) = await ReadHeadAsync(conn, tenantId, ct);
        var tree = await ResumeTreeAsync(conn, tenantId, headSeq, ct);
        // Back links run in seq order (one record may appear several times in a batch); cheap next to hashing.
        var heads = await StoredLinkHeads.ReadAsync(conn, tenantId, events, headSeq, ct);
        var links = heads.Assign(events, headSeq + 1);

        // Canonical bytes and leaf hashes are independent per event, so they use every core;
        // only the chain hash has to run in order.
        var canonical = new byte[events.Count][];
        var leaves = new byte[events.Count][];
        Parallel.For(0, events.Count, () => new CanonicalJsonWriter(), (i, _, writer) =>
        {
            writer.Reset();
            EventCanonicalForm.Write(writer, events[i], headSeq + 1 + i, links[i]);
            canonical[i] = writer.ToArray();
            leaves[i] = MerkleHasher.HashLeaf(canonical[i]);
            return writer;
        }, _ => { });

        var seals = new List<(long Seq, AuditEvent Event, byte[] Prev, byte[] Hash, byte[] Leaf, EventLinks Links)>(events.Count);
        var nodes = new List<(MerkleNodeId Id, byte[] Hash)>();
        var prev = headHash;
        var seq = headSeq;
        for (var i = 0; i < events.Count; i++)
        {
            seq++;
            var hash = EventChainHash.Compute(canonical[i], prev);
            tree.Append(leaves[i], (id, h) => nodes.Add((id, h)));
            seals.Add((seq, events[i], prev, hash, leaves[i], links[i]));
            prev = hash;
        }

        await WriteSealsAsync(conn, tenantId, seals, ct);
        await WriteWordsAsync(conn, tx, tenantId, events, ct);
        await WriteNodesAsync(conn, tenantId, nodes, ct);
        await StoredLinkHeads.WriteAsync(conn, tenantId, heads, ct);
        await ReleaseQueuedAsync(conn, tenantId, headSeq + 1, seq, ct);
        if (BeforeCommit is { } hook) await hook(conn, ct);
        await tx.CommitAsync(ct);
        AuditTelemetry.EventsSealed(tenantId, events.Count);
        return new SealBatchResult(tenantId, events.Count, headSeq + 1, seq, false);
    }

    internal static async Task<bool> TryLockAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_try_advisory_xact_lock($1)", conn);
        cmd.Parameters.AddWithValue(LockKey);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The last seq and its chain hash (0 and the genesis hash for an empty chain).</summary>
    internal static async Task<(long Seq, byte[] Hash)> ReadHeadAsync(NpgsqlConnection conn, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select seq, hash from audit.seals where tenant_id = $1 order by seq desc limit 1", conn);
        cmd.Parameters.AddWithValue(tenantId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), (byte[])reader[1]) : (0, EventChainHash.Genesis());
    }

    internal static async Task<CompactMerkleRange> ResumeTreeAsync(NpgsqlConnection conn, string tenantId, long size, CancellationToken ct)
    {
        if (size == 0) return CompactMerkleRange.Empty();
        var edge = await new MerkleTreeReader(new StoredMerkleHashes(conn, tenantId))
            .PerfectNodesAsync(CompactMerkleRange.EdgeNodes(size), ct);
        return CompactMerkleRange.Resume(size, edge);
    }

    private async Task<List<string>> TenantsWithQueuedEventsAsync(CancellationToken ct)
    {
        await using var conn = await sealerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            """
            select t.tenant_id from audit.tenants t
            where exists (select 1 from audit.seal_queue q where q.tenant_id = t.tenant_id)
            order by t.tenant_id
            """, conn);
        var tenants = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tenants.Add(reader.GetString(0));
        return tenants;
    }

    // The occurred_at bounds let PostgreSQL prune partitions and hash-join only the batch's time
    // window instead of probing every partition once per queued event.
    private static async Task<List<AuditEvent>> ReadQueuedEventsAsync(NpgsqlConnection conn, string tenantId, int batchSize, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"""
            with q as (
                select event_id, occurred_at, queued_at from audit.seal_queue
                where tenant_id = $1 order by queued_at, event_id limit $2
            )
            select q.event_id, {StoredEventColumns.SelectList}
            from q left join audit.events e
              on e.tenant_id = $1 and e.occurred_at = q.occurred_at and e.id = q.event_id
             and e.occurred_at between (select min(occurred_at) from q) and (select max(occurred_at) from q)
            order by q.queued_at, q.event_id
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(batchSize);
        var events = new List<AuditEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(StoredEventColumns.Read(reader, 1, tenantId)
                ?? throw new InvalidOperationException($"queued event {reader.GetGuid(0)} of tenant {tenantId} is not in audit.events"));
        }
        return events;
    }

    // COPY is refused on tables with row-level security, so rows go in as one INSERT over arrays:
    // a single round trip with binary parameters.
    private static async Task WriteSealsAsync(NpgsqlConnection conn, string tenantId,
        List<(long Seq, AuditEvent Event, byte[] Prev, byte[] Hash, byte[] Leaf, EventLinks Links)> seals, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            insert into audit.seals (tenant_id, seq, event_id, occurred_at, prev_hash, hash, leaf_hash, hash_format, prev_record_seq, prev_actor_seq)
            select $1, s.seq, s.event_id, s.occurred_at, s.prev_hash, s.hash, s.leaf_hash, $8, s.prev_record_seq, s.prev_actor_seq
            from unnest($2::bigint[], $3::uuid[], $4::timestamptz[], $5::bytea[], $6::bytea[], $7::bytea[], $9::bigint[], $10::bigint[])
                 as s(seq, event_id, occurred_at, prev_hash, hash, leaf_hash, prev_record_seq, prev_actor_seq)
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(seals.Select(s => s.Seq).ToArray());
        cmd.Parameters.AddWithValue(seals.Select(s => s.Event.Id).ToArray());
        cmd.Parameters.AddWithValue(seals.Select(s => s.Event.OccurredAt.UtcDateTime).ToArray());
        cmd.Parameters.AddWithValue(seals.Select(s => s.Prev).ToArray());
        cmd.Parameters.AddWithValue(seals.Select(s => s.Hash).ToArray());
        cmd.Parameters.AddWithValue(seals.Select(s => s.Leaf).ToArray());
        cmd.Parameters.AddWithValue((short)EventLinks.CurrentFormat);
        cmd.Parameters.AddWithValue(seals.Select(s => s.Links.PrevRecordSeq).ToArray());
        cmd.Parameters.AddWithValue(seals.Select(s => s.Links.PrevActorSeq).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // The batch's words for search (audit.event_words, 025_word_search_off_write_path.sql), in the
    // seals' transaction: a word hit never exists before its event is sealed. One INSERT ... SELECT
    // that reads the batch's events back by key; the time bounds let PostgreSQL prune partitions.
    // An events partition created by hand has no word partition yet: the batch then creates the
    // missing ones (audit.ensure_word_partitions) and tries once more, instead of failing the tenant.
    private static async Task WriteWordsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenantId, List<AuditEvent> events, CancellationToken ct)
    {
        await tx.SaveAsync("words", ct);
        try
        {
            await InsertWordsAsync(conn, tenantId, events, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation
                                           && ex.MessageText.StartsWith("no partition of relation", StringComparison.Ordinal))
        {
            await tx.RollbackAsync("words", ct);
            await using (var ensure = new NpgsqlCommand("select audit.ensure_word_partitions()", conn))
                await ensure.ExecuteNonQueryAsync(ct);
            await InsertWordsAsync(conn, tenantId, events, ct);
        }
        await tx.ReleaseAsync("words", ct);
    }

    private static async Task InsertWordsAsync(NpgsqlConnection conn, string tenantId, List<AuditEvent> events, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            insert into audit.event_words (tenant_id, occurred_at, id, words)
            select e.tenant_id, e.occurred_at, e.id, audit.values_search_text(e.old_values, e.new_values)
            from unnest($2::uuid[], $3::timestamptz[]) as b(id, occurred_at)
            join audit.events e on e.tenant_id = $1 and e.occurred_at = b.occurred_at and e.id = b.id
                               and e.occurred_at between $4 and $5
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(events.Select(e => e.Id).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.OccurredAt.UtcDateTime).ToArray());
        cmd.Parameters.AddWithValue(events.Min(e => e.OccurredAt.UtcDateTime));
        cmd.Parameters.AddWithValue(events.Max(e => e.OccurredAt.UtcDateTime));
        var written = await cmd.ExecuteNonQueryAsync(ct);
        if (written != events.Count)
            throw new InvalidOperationException($"sealed {events.Count} events of tenant {tenantId} but wrote the words of {written}");
    }

    private static async Task WriteNodesAsync(NpgsqlConnection conn, string tenantId, List<(MerkleNodeId Id, byte[] Hash)> nodes, CancellationToken ct)
    {
        if (nodes.Count == 0) return;
        await using var cmd = new NpgsqlCommand(
            """
            insert into audit.merkle_nodes (tenant_id, level, idx, hash)
            select $1, n.level, n.idx, n.hash from unnest($2::smallint[], $3::bigint[], $4::bytea[]) as n(level, idx, hash)
            """, conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(nodes.Select(n => (short)n.Id.Level).ToArray());
        cmd.Parameters.AddWithValue(nodes.Select(n => n.Id.Index).ToArray());
        cmd.Parameters.AddWithValue(nodes.Select(n => n.Hash).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // Removes the queue rows of the events just sealed as firstSeq..lastSeq and moves the personal values waiting
    // in them into audit.personal_values (037_personal_values_wait_in_the_seal_queue.sql), so a sealed event's
    // values are never left in the queue.
    private static async Task ReleaseQueuedAsync(NpgsqlConnection conn, string tenantId, long firstSeq, long lastSeq, CancellationToken ct)
    {
        var count = lastSeq - firstSeq + 1; // a batch's seqs are contiguous
        await using var cmd = new NpgsqlCommand("select audit.release_sealed_events($1, $2, $3)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(firstSeq);
        cmd.Parameters.AddWithValue(lastSeq);
        var deleted = (long)(await cmd.ExecuteScalarAsync(ct))!;
        if (deleted != count)
            throw new InvalidOperationException($"sealed {count} events of tenant {tenantId} but removed {deleted} queue rows");
    }
}
