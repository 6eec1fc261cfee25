using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Walks sealed rows in seq order, recomputing each event's canonical bytes and hashes, and turns
/// every mismatch into a named finding. Explains the patterns tampering leaves (a spliced row, a
/// swapped pair, renumbered rows) instead of reporting each knock-on mismatch. Alongside, it folds
/// the stored leaf hashes into a second tree and compares every interior node that completes with
/// the stored audit.merkle_nodes row, so a corrupted node off every proof path is found too; and
/// it compares the recomputed roots with the signer's own record of what it signed.
/// </summary>
internal sealed class ChainScan
{
    private const int MaxFindings = 1000;
    private const int MaxRememberedBreaks = 10_000;

    private readonly CanonicalJsonWriter _writer = new();
    private readonly List<DamageFinding> _findings = [];
    private readonly HashSet<(DamageKind, long?)> _seen = [];
    private readonly Dictionary<string, long> _breaks = [];
    private readonly Queue<StoredCheckpoint> _checkpoints;
    private readonly Queue<SignedCheckpointEntry> _recorded;
    private CompactMerkleRange _storedLeaves;
    // While every recomputed leaf equals its stored leaf hash, the two trees are one: Tree checks the stored
    // nodes itself and each leaf costs one set of Merkle hashes, not two. The first difference copies Tree's
    // edge (a few dozen hashes) into _storedLeaves, and from there the two grow apart.
    private bool _storedLeavesAreTree;
    private IReadOnlyDictionary<MerkleNodeId, byte[]> _storedNodes = new Dictionary<MerkleNodeId, byte[]>();
    private readonly HashSet<MerkleNodeId> _nodesSeen = [];
    private bool _layoutShifted;
    private byte[] _prev;
    private byte[]? _lastRowPrev;
    private long _offset;
    private bool _treeBroken;
    // The current row's hash format and back links: stored with the seal and hashed with the event.
    private EventLinks _links = EventLinks.Format1;
    // Full scans (from seq 1) recompute every back link from the events themselves; null when not checked.
    private Dictionary<(string EntityType, string EntityId), long>? _recordHeads;
    private Dictionary<string, long>? _actorHeads;

    public CompactMerkleRange Tree { get; }
    public long LastSeq { get; private set; }
    public long Checked { get; private set; }
    public IReadOnlyList<DamageFinding> Findings => _findings;

    /// <summary>Sealed events that retention archived and dropped, counted per archive location: not damage.</summary>
    public IReadOnlyDictionary<string, long> ExpiredByPolicy => _expired;
    private readonly Dictionary<string, long> _expired = [];

    /// <summary>The largest checkpoint whose root the recomputed tree matched, and the chain hash there.</summary>
    public (long Size, byte[] Root, byte[] ChainHash)? ProvenCheckpoint { get; private set; }

    /// <param name="tree">The recomputed tree so far (resumed or empty).</param>
    /// <param name="storedLeaves">The same tree again, grown from the stored leaf hashes to check the stored nodes.</param>
    public ChainScan(long startSeq, byte[] startHash, CompactMerkleRange tree, CompactMerkleRange storedLeaves,
        IEnumerable<StoredCheckpoint> checkpointsAfterStart, IEnumerable<SignedCheckpointEntry> recordedAfterStart)
    {
        LastSeq = startSeq;
        _prev = startHash;
        if (startSeq == 0)
        {
            _recordHeads = [];
            _actorHeads = new Dictionary<string, long>(StringComparer.Ordinal);
        }
        Tree = tree;
        _storedLeaves = storedLeaves;
        _storedLeavesAreTree = tree.Size == storedLeaves.Size && tree.Root().AsSpan().SequenceEqual(storedLeaves.Root());
        _checkpoints = new Queue<StoredCheckpoint>(checkpointsAfterStart.OrderBy(c => c.TreeSize));
        _recorded = new Queue<SignedCheckpointEntry>(recordedAfterStart.OrderBy(c => c.TreeSize));
    }

    public void Add(DamageKind kind, long? seq, Guid? eventId, string detail)
    {
        // Once rows moved, stored nodes over them differ as a knock-on: they are not reported on their own.
        if (kind is DamageKind.EventDeleted or DamageKind.EventInserted or DamageKind.Reordered or DamageKind.ChainBroken) _layoutShifted = true;
        if (!_seen.Add((kind, seq))) return;
        if (_findings.Count < MaxFindings) _findings.Add(new DamageFinding(kind, seq, eventId, detail));
    }

    /// <summary>The stored interior nodes that complete within the next block of rows (see <see cref="MerkleNodeRange"/>).</summary>
    public void UseStoredNodes(IReadOnlyDictionary<MerkleNodeId, byte[]> nodes)
    {
        ReportUnexpectedNodes();
        _storedNodes = nodes;
        _nodesSeen.Clear();
    }

    /// <summary>The stored levels and index ranges of the nodes completing when leaves afterSeq+1 .. throughSeq are appended.</summary>
    public static IEnumerable<(int Level, long FirstIndex, long LastIndex)> MerkleNodeRange(long afterSeq, long throughSeq)
    {
        for (var level = MerkleNodeLayout.Stride; level < 63 && (1L << level) <= throughSeq; level += MerkleNodeLayout.Stride)
        {
            // Node idx completes with leaf (idx + 1) * 2^level.
            var first = afterSeq >> level;
            var last = (throughSeq >> level) - 1;
            if (last >= first) yield return (level, first, last);
        }
    }

    private void CheckStoredNode(MerkleNodeId id, byte[] hash)
    {
        _nodesSeen.Add(id);
        if (_layoutShifted || _treeBroken) return;
        var firstSeq = id.Start + 1;
        if (!_storedNodes.TryGetValue(id, out var stored))
            Add(DamageKind.MerkleNodeCorrupted, firstSeq, null,
                $"stored Merkle node level {id.Level} index {id.Index} (seqs {firstSeq} to {id.End}) is missing");
        else if (!stored.AsSpan().SequenceEqual(hash))
            Add(DamageKind.MerkleNodeCorrupted, firstSeq, null,
                $"stored Merkle node level {id.Level} index {id.Index} (seqs {firstSeq} to {id.End}) does not match the leaves under it: proofs built from it would fail");
    }

    private long StoredLeavesSize => _storedLeavesAreTree ? Tree.Size : _storedLeaves.Size;

    private void ReportUnexpectedNodes()
    {
        if (_layoutShifted || _treeBroken) return;
        foreach (var id in _storedNodes.Keys.Where(k => !_nodesSeen.Contains(k) && k.End <= StoredLeavesSize))
            Add(DamageKind.MerkleNodeCorrupted, id.Start + 1, null, $"stored Merkle node level {id.Level} index {id.Index} is not a node of the tree");
    }

    public void Accept(SealedRow row)
    {
        var (seq, eventId, prevHash, hash, leafHash, e) = (row.Seq, row.EventId, row.PrevHash, row.Hash, row.LeafHash, row.Event);
        _links = row.Links;
        Checked++;
        var expected = LastSeq + 1;
        var gap = seq != expected;
        if (gap)
        {
            Add(DamageKind.EventDeleted, expected, null, seq == expected + 1
                ? $"seq {expected} is missing from the chain"
                : $"seqs {expected} to {seq - 1} are missing from the chain");
            _treeBroken = true;
        }

        var moved = false;
        if (!gap && !prevHash.AsSpan().SequenceEqual(_prev))
        {
            if (_lastRowPrev is not null && prevHash.AsSpan().SequenceEqual(_lastRowPrev))
            {
                Add(DamageKind.EventInserted, LastSeq, null,
                    $"the row at seq {LastSeq} was spliced in: it and seq {seq} both follow the same predecessor");
            }
            else if (_breaks.TryGetValue(Convert.ToHexString(prevHash), out var home) && e is not null && Matches(e, home, prevHash, hash))
            {
                moved = true;
                _findings.RemoveAll(f => f.Seq == home && f.Kind is DamageKind.ChainBroken or DamageKind.EventAltered);
                Add(DamageKind.Reordered, home, e.Id, $"event {e.Id} was sealed at seq {home} but now sits at seq {seq}");
            }
            else
            {
                Add(DamageKind.ChainBroken, seq, eventId, $"seal {seq} does not link to the hash of seal {LastSeq}");
                if (_breaks.Count < MaxRememberedBreaks) _breaks.TryAdd(Convert.ToHexString(_prev), seq);
            }
        }

        byte[] leaf;
        if (e is null && row.ArchivedAt is { } archivedAt)
        {
            // Expired by policy: the seal stays and carries the chain; the event is in a recorded, verified archive.
            _expired[archivedAt] = _expired.GetValueOrDefault(archivedAt) + 1;
            RememberExpired(seq);
            leaf = leafHash;
        }
        else if (e is null)
        {
            Add(DamageKind.EventDeleted, seq, eventId, $"event {eventId} sealed at seq {seq} is not in the events table");
            leaf = leafHash;
        }
        else
        {
            byte[] recomputed;
            if (_offset == 0 && row.RecomputedHash is not null) (leaf, recomputed) = (row.RecomputedLeaf!, row.RecomputedHash);
            else leaf = Recompute(e, seq + _offset, prevHash, out recomputed);
            if (!moved && !(recomputed.AsSpan().SequenceEqual(hash) && leaf.AsSpan().SequenceEqual(leafHash)))
                ExplainMismatch(seq, e, prevHash, hash);
            CheckBackLinks(seq, e);
        }

        if (_storedLeavesAreTree && leaf.AsSpan().SequenceEqual(leafHash))
        {
            Tree.Append(leaf, CheckStoredNode);
        }
        else
        {
            if (_storedLeavesAreTree) (_storedLeaves, _storedLeavesAreTree) = (Tree.Copy(), false);
            Tree.Append(leaf);
            _storedLeaves.Append(leafHash, CheckStoredNode);
        }
        _lastRowPrev = prevHash;
        _prev = hash;
        LastSeq = seq;
        CheckCheckpoints();
    }

    /// <summary>
    /// A back link is hashed, so a wrong one is not an edit after sealing but a wrong head at sealing time
    /// (audit.record_heads / actor_heads changed): a record export could then leave a change out unnoticed.
    /// Checked only on a clean full scan; once other damage is found, the links' knock-on mismatches are noise.
    /// </summary>
    private void CheckBackLinks(long seq, AuditEvent e)
    {
        if (_recordHeads is null || _actorHeads is null) return;
        if (_findings.Count > 0 || _offset != 0)
        {
            (_recordHeads, _actorHeads) = (null, null);
            return;
        }
        var record = (e.EntityType, e.EntityId);
        if (_links.HasLinks)
        {
            long? previousChange = _recordHeads.TryGetValue(record, out var r) ? r : null;
            long? previousByActor = _actorHeads.TryGetValue(e.ActorId, out var a) ? a : null;
            if (_links.PrevRecordSeq != previousChange && !IntoExpired(_links.PrevRecordSeq, previousChange))
                Add(DamageKind.BackLinkWrong, seq, e.Id,
                    $"seq {seq} was sealed with seq {SeqText(_links.PrevRecordSeq)} as the previous change of record {e.EntityType}/{e.EntityId}, but it is seq {SeqText(previousChange)}: the sealer's record heads were wrong, so record exports could omit a change");
            if (_links.PrevActorSeq != previousByActor && !IntoExpired(_links.PrevActorSeq, previousByActor))
                Add(DamageKind.BackLinkWrong, seq, e.Id,
                    $"seq {seq} was sealed with seq {SeqText(_links.PrevActorSeq)} as the previous change of actor {e.ActorId}, but it is seq {SeqText(previousByActor)}: the sealer's actor heads were wrong, so actor exports could omit a change");
        }
        if (!BackLinkAssigner.IsChange(e)) return;
        _recordHeads[record] = seq;
        _actorHeads[e.ActorId] = seq;
    }

    // Seqs whose events retention archived and dropped, as contiguous spans (a partition's seqs mostly are).
    private readonly List<(long From, long To)> _expiredSpans = [];

    private void RememberExpired(long seq)
    {
        if (_expiredSpans.Count > 0 && _expiredSpans[^1].To == seq - 1) _expiredSpans[^1] = (_expiredSpans[^1].From, seq);
        else _expiredSpans.Add((seq, seq));
    }

    /// <summary>
    /// A link to an expired event cannot be recomputed here (its record and actor left with it), so it stands
    /// when it points into an archived span after the last change this scan saw for the key; the archive's own
    /// package holds the event it names.
    /// </summary>
    private bool IntoExpired(long? stored, long? computed) =>
        stored is { } target && (computed is null || computed < target)
        && _expiredSpans.Exists(span => target >= span.From && target <= span.To);

    private static string SeqText(long? seq) => seq is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";

    /// <summary>Checks checkpoints the scan never reached (the chain ends before them).</summary>
    public void Finish()
    {
        ReportUnexpectedNodes();
        _storedNodes = new Dictionary<MerkleNodeId, byte[]>();
        if (_recorded.Count > 0)
        {
            var signed = _recorded.Max(c => c.TreeSize);
            Add(DamageKind.RolledBack, LastSeq + 1, null,
                $"the signer's record holds a checkpoint of size {signed}, but the chain ends at seq {LastSeq}: the log was rolled back by {signed - LastSeq} events");
        }
        if (_checkpoints.Count == 0) return;
        var largest = _checkpoints.Max(c => c.TreeSize);
        Add(DamageKind.TruncatedTail, LastSeq + 1, null,
            $"checkpoint {largest} was signed but the chain ends at seq {LastSeq}: {largest - LastSeq} sealed events are gone");
    }

    private void ExplainMismatch(long seq, AuditEvent e, byte[] prevHash, byte[] hash)
    {
        foreach (var candidate in new[] { _offset - 1, _offset + 1 })
        {
            if (!Matches(e, seq + candidate, prevHash, hash)) continue;
            if (candidate < _offset)
                Add(DamageKind.EventInserted, seq - 1, null, $"rows after seq {seq - 2} were renumbered to make room for an inserted row");
            else
                Add(DamageKind.EventDeleted, seq, null, $"rows from seq {seq} on were renumbered to close a gap left by a deleted event");
            _offset = candidate;
            return;
        }
        Add(DamageKind.EventAltered, seq, e.Id, $"event {e.Id} at seq {seq} no longer has its sealed hash: a field was changed");
    }

    private bool Matches(AuditEvent e, long seq, byte[] prevHash, byte[] hash)
    {
        Recompute(e, seq, prevHash, out var recomputed);
        return recomputed.AsSpan().SequenceEqual(hash);
    }

    private byte[] Recompute(AuditEvent e, long seq, byte[] prevHash, out byte[] chainHash)
    {
        _writer.Reset();
        EventCanonicalForm.Write(_writer, e, seq, _links);
        chainHash = EventChainHash.Compute(_writer.WrittenSpan, prevHash);
        return MerkleHasher.HashLeaf(_writer.WrittenSpan);
    }

    private void CheckCheckpoints()
    {
        while (_recorded.Count > 0 && _recorded.Peek().TreeSize <= Tree.Size)
        {
            var entry = _recorded.Dequeue();
            if (_treeBroken || entry.TreeSize != Tree.Size) continue;
            if (!Tree.Root().AsSpan().SequenceEqual(entry.RootHash))
                Add(DamageKind.Forked, null, null,
                    $"the signer signed another tree of size {entry.TreeSize} (at {entry.SignedAt:u}) than the events produce now: the log was forked");
        }
        while (_checkpoints.Count > 0 && _checkpoints.Peek().TreeSize <= Tree.Size)
        {
            var checkpoint = _checkpoints.Dequeue();
            if (_treeBroken || checkpoint.TreeSize != Tree.Size) continue;
            if (Tree.Root().AsSpan().SequenceEqual(checkpoint.RootHash))
            {
                if (_findings.Count == 0) ProvenCheckpoint = (checkpoint.TreeSize, checkpoint.RootHash, _prev);
            }
            else
            {
                Add(DamageKind.CheckpointInconsistent, null, null,
                    $"the events no longer produce the root signed in checkpoint {checkpoint.TreeSize}");
            }
        }
    }
}
