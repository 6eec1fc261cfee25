using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using AuditExplorer.Tests.Unit.Integrity;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// Builds evidence packages in memory, the way the exporter does, from a log of generated events:
/// real hashes, a real Merkle tree, and a checkpoint signed with a fresh key.
/// </summary>
internal sealed class SamplePackage : IDisposable
{
    public const string Tenant = "acme";

    public CheckpointSigningKey Key { get; } = CheckpointSigningKey.Generate("auditexplorer");
    public List<ExportedEvent> Log { get; } = [];

    public SamplePackage(int logSize = 10, Func<int, AuditEvent>? make = null)
    {
        var prev = EventChainHash.Genesis();
        for (var i = 0; i < logSize; i++)
        {
            var e = (make ?? MakeEvent)(i);
            var seq = i + 1L;
            var canonical = EventCanonicalForm.Encode(e, seq);
            var hash = EventChainHash.Compute(canonical, prev);
            Log.Add(new ExportedEvent(e, seq, prev, hash, MerkleHasher.HashLeaf(canonical)));
            prev = hash;
        }
    }

    /// <summary>Changes the old amount in these lines of events.jsonl (1-based), without re-hashing them.</summary>
    public static Func<string, string> ChangeAmounts(params int[] lines) => text =>
    {
        var all = text.Split('\n');
        foreach (var line in lines) all[line - 1] = all[line - 1].Replace("\"amount\":", "\"amount\":1", StringComparison.Ordinal);
        return string.Join('\n', all);
    };

    /// <summary>The id of the event at <paramref name="seq"/>, as events.csv writes it.</summary>
    public string IdOf(long seq) => Log[(int)seq - 1].Event.Id.ToString("D");

    /// <summary>Sets the action cell of the events.csv rows of these seqs (a row's cells may span lines, so rows are found by seq and id).</summary>
    public Func<string, string> ChangeCsvAction(string action, params long[] seqs) => text =>
    {
        foreach (var seq in seqs)
        {
            var at = text.IndexOf(",contract.update,", CsvRowStart(text, seq), StringComparison.Ordinal);
            text = text[..at] + "," + action + "," + text[(at + ",contract.update,".Length)..];
        }
        return text;
    };

    /// <summary>Removes the events.csv row of <paramref name="seq"/> (not the last).</summary>
    public Func<string, string> DropCsvRow(long seq) => text => text[..CsvRowStart(text, seq)] + text[CsvRowStart(text, seq + 1)..];

    private int CsvRowStart(string text, long seq) => text.IndexOf($"\n{seq},{IdOf(seq)},", StringComparison.Ordinal);

    public static AuditEvent MakeEvent(int i) => new()
    {
        TenantId = Tenant,
        Id = new Guid($"00000000-0000-7000-8000-{i:D12}"),
        OccurredAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(i).AddTicks(1230),
        RecordedAt = new DateTimeOffset(2026, 3, 1, 9, 0, 1, TimeSpan.Zero).AddMinutes(i),
        ActorId = "usr_" + (i % 3),
        ActorKind = "user",
        Action = "contract.update",
        ChangeKind = "update",
        EntityType = "contract",
        EntityId = "c-" + (i % 4),
        OldValues = i == 0 ? null : $$"""{"amount":{{i * 10}},"note":"=cmd|' /C calc'!A0"}""",
        NewValues = $$"""{"amount":{{i * 10 + 5}},"note":"line one\nline \"two\", three"}""",
        Context = """{"ip":"203.0.113.7"}""",
    };

    /// <summary>
    /// A package of seqs [first, last] of the log under a checkpoint of the whole log; as a
    /// time-range package it carries the completeness claim and the neighbours (in full in format 2,
    /// by leaf hash in format 1). Otherwise it is an export of action contract.update over [first, last]'s times.
    /// </summary>
    public async Task<byte[]> BuildAsync(int first = 1, int? last = null, bool timeRange = true, CheckpointSigningKey? signer = null,
        int formatVersion = PackageFiles.FormatVersion, int? exportEventSeq = null, ExportSigningKey? statementKey = null)
    {
        var to = last ?? Log.Count;
        var store = InMemoryMerkleHashes.Build(Log.Select(r => r.LeafHash).ToList());
        var size = Log.Count;
        var root = await new MerkleTreeReader(store).RootAsync(size, default);
        var key = signer ?? Key;
        var note = key.SignCheckpoint(new CheckpointBody(CheckpointBody.OriginFor("auditexplorer", Tenant), size, root)).ToString();
        var rows = Log.Where(r => r.Seq >= first && r.Seq <= to).ToList();
        var proofs = await new BatchedInclusionProofs(store, size).ProveAsync(rows.Select(r => r.Seq - 1).ToList(), default);

        using var output = new MemoryStream();
        await using (var assembler = new EvidencePackageAssembler(output, formatVersion) { StatementKey = statementKey })
        {
            // As the writer does: format 3 proves a time range's span at once, per-event proofs only feed tlog-proofs.
            var spanProven = timeRange && formatVersion >= PackageFiles.RangeProofFormatVersion && rows.Count > 0;
            if (spanProven) assembler.AddRangeProof(await new MerkleTreeReader(store).RangeProofAsync(first - 1, to, size, default));
            var perEvent = !spanProven || rows.Count <= PackageFiles.TlogProofEventLimit;
            for (var i = 0; i < rows.Count; i++) assembler.AddEvent(rows[i], perEvent ? proofs[i] : null);
            long? before = timeRange && first > 1 ? first - 1 : null;
            long? after = timeRange && to < size ? to + 1 : null;
            foreach (var (side, seq) in new[] { (ProofJsonLine.Before, before), (ProofJsonLine.After, after) })
            {
                if (seq is not { } s) continue;
                var p = (await new BatchedInclusionProofs(store, size).ProveAsync([s - 1], default))[0];
                if (formatVersion >= 2) assembler.AddBoundaryEvent(side, Log[(int)s - 1], p);
                else assembler.AddBoundaryProof(side, s, Log[(int)s - 1].LeafHash, p);
            }
            if (exportEventSeq is { } x)
            {
                var p = (await new BatchedInclusionProofs(store, size).ProveAsync([x - 1], default))[0];
                assembler.AddExportEvent(Log[x - 1], p);
            }
            await assembler.FinishAsync(new PackageManifest
            {
                FormatVersion = formatVersion,
                TenantId = Tenant,
                Filter = new ManifestFilter(null, null, null, timeRange ? null : "contract.update", null,
                    Log[first - 1].Event.OccurredAt, Log[to - 1].Event.OccurredAt.AddTicks(10), timeRange),
                Exporter = new ManifestExporter("usr_auditor", "user", "tests"),
                Reason = "annual audit",
                CreatedAt = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
                AppVersion = "1.0.0",
                Checkpoint = new ManifestCheckpoint(size, Convert.ToBase64String(root), key.VerifierKey.Label, DateTimeOffset.UnixEpoch),
                Counts = new ManifestCounts(0, 0, 0, 0, 0, 0),
                Completeness = timeRange ? new ManifestCompleteness(first, to, before, after, "test") : null,
                AccessEventId = exportEventSeq is { } bound ? Log[bound - 1].Event.Id : Guid.Empty,
            }, note, [key.VerifierKey], default);
        }
        return output.ToArray();
    }

    /// <summary>
    /// The audit_log.export access event a bound export of BuildAsync(1, last, timeRange: false)
    /// would have recorded: exporter usr_auditor, client "tests", reason "annual audit", the same filter.
    /// </summary>
    public static AuditEvent ExportEvent(int i, int last, CheckpointVerifierKey? exportKey = null)
    {
        var e = MakeEvent(i);
        return new AuditEvent
        {
            TenantId = Tenant,
            Id = e.Id,
            OccurredAt = e.OccurredAt,
            RecordedAt = e.RecordedAt,
            ActorId = "usr_auditor",
            ActorKind = "user",
            Action = "audit_log.export",
            ChangeKind = "access",
            EntityType = "tenant",
            EntityId = Tenant,
            Context = $$"""{"client_app":"tests","reason":"annual audit","filter":{"action":"contract.update","from":"{{MakeEvent(0).OccurredAt.UtcDateTime:O}}","to":"{{MakeEvent(last - 1).OccurredAt.AddTicks(10).UtcDateTime:O}}","include_access_events":false},"package_format_version":{{PackageFiles.FormatVersion}}{{(exportKey is null ? "" : $",\"export_key\":\"{exportKey}\"")}}}""",
        };
    }

    public void Dispose() => Key.Dispose();
}
