using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using AuditExplorer.Tests.Unit.Integrity;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// A hash-format-2 log with back links assigned as the sealer does, and packages of contract/42's history
/// built from it with real proofs under a real checkpoint: the honest export, or one whose rows a dishonest
/// exporter chose (the checkpoint and every proof stay genuine).
/// </summary>
internal sealed class RecordHistoryPackage : IDisposable
{
    /// <summary>Seq 11 is the record export's own audit_log.export event; seq 12 a change of contract/42 after it.</summary>
    public const int ExportEventSeq = 11;

    private static readonly int[] Record42 = [0, 2, 5, 7, 9, 11]; // seqs 1, 3, 6, 8, 10 and 12

    public CheckpointSigningKey Key { get; } = CheckpointSigningKey.Generate("auditexplorer");
    public List<ExportedEvent> Log { get; } = [];

    public RecordHistoryPackage()
    {
        var events = Enumerable.Range(0, 12).Select(Make).ToList();
        var links = new BackLinkAssigner(new Dictionary<(string, string), long>(), new Dictionary<string, long>()).Assign(events, 1);
        var prev = EventChainHash.Genesis();
        for (var i = 0; i < events.Count; i++)
        {
            var canonical = EventCanonicalForm.Encode(events[i], i + 1, links[i]);
            var hash = EventChainHash.Compute(canonical, prev);
            Log.Add(new ExportedEvent(events[i], i + 1, prev, hash, MerkleHasher.HashLeaf(canonical)) { Links = links[i] });
            prev = hash;
        }
    }

    private static AuditEvent Make(int i)
    {
        var e = SamplePackage.MakeEvent(i);
        if (i == ExportEventSeq - 1)
            return new AuditEvent
            {
                TenantId = e.TenantId, Id = e.Id, OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, ActorId = "usr_auditor", ActorKind = "user",
                Action = "audit_log.export", ChangeKind = "access", EntityType = "contract", EntityId = "42",
                Context = """{"client_app":"tests","filter":{"entity_id":"42","entity_type":"contract"},"reason":"annual audit"}""",
            };
        return new AuditEvent
        {
            TenantId = e.TenantId, Id = e.Id, OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, ActorId = e.ActorId, ActorKind = e.ActorKind,
            Action = e.Action, ChangeKind = e.ChangeKind, EntityType = "contract", EntityId = Record42.Contains(i) ? "42" : "7",
            OldValues = e.OldValues, NewValues = e.NewValues, Context = e.Context,
        };
    }

    /// <summary>The honest rows of a contract/42 export: its changes, oldest first.</summary>
    public List<ExportedEvent> HonestRows() => Log.Where(r => r.Event.EntityId == "42" && r.Event.ChangeKind != "access").ToList();

    /// <summary>A package holding <paramref name="rows"/> (default: the honest rows), bound to the export event unless told otherwise.</summary>
    public async Task<byte[]> BuildAsync(List<ExportedEvent>? rows = null, bool bound = true)
    {
        rows ??= HonestRows();
        var store = InMemoryMerkleHashes.Build(Log.Select(r => r.LeafHash).ToList());
        var size = Log.Count;
        var root = await new MerkleTreeReader(store).RootAsync(size, default);
        var note = Key.SignCheckpoint(new CheckpointBody(CheckpointBody.OriginFor("auditexplorer", SamplePackage.Tenant), size, root)).ToString();
        var proofs = await new BatchedInclusionProofs(store, size).ProveAsync(rows.Select(r => r.Seq - 1).ToList(), default);
        using var output = new MemoryStream();
        await using (var assembler = new EvidencePackageAssembler(output))
        {
            for (var i = 0; i < rows.Count; i++) assembler.AddEvent(rows[i], proofs[i]);
            if (bound)
                assembler.AddExportEvent(Log[ExportEventSeq - 1], (await new BatchedInclusionProofs(store, size).ProveAsync([ExportEventSeq - 1], default))[0]);
            await assembler.FinishAsync(new PackageManifest
            {
                FormatVersion = PackageFiles.FormatVersion,
                TenantId = SamplePackage.Tenant,
                Filter = new ManifestFilter("contract", "42", null, null, null, null, null, false),
                Exporter = new ManifestExporter("usr_auditor", "user", "tests"),
                Reason = "annual audit",
                CreatedAt = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
                AppVersion = "1.0.0",
                Checkpoint = new ManifestCheckpoint(size, Convert.ToBase64String(root), Key.VerifierKey.Label, DateTimeOffset.UnixEpoch),
                Counts = new ManifestCounts(0, 0, 0, 0, 0, 0),
                Completeness = null,
                AccessEventId = bound ? Log[ExportEventSeq - 1].Event.Id : Guid.Empty,
            }, note, [Key.VerifierKey], default);
        }
        return output.ToArray();
    }

    public PackageVerificationReport Verify(byte[] package) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = [Key.VerifierKey] });

    public void Dispose() => Key.Dispose();
}
