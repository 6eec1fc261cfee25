using System.IO.Compression;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

public static partial class EvidencePackageVerifier
{
    private sealed partial class VerificationRun
    {
        /// <summary>A neighbour of the range as boundaries.jsonl holds it, with its recomputed leaf hash.</summary>
        private sealed record BoundaryEvent(ExportedEvent Row, byte[] Leaf, long Line);

        /// <summary>Format 2: reads boundaries.jsonl (each line checked like an events.jsonl line), by seq.</summary>
        private Dictionary<long, BoundaryEvent> ReadBoundaryEvents(Dictionary<string, ZipArchiveEntry> entries, CancellationToken ct)
        {
            var found = new Dictionary<long, BoundaryEvent>();
            if (_manifest!.FormatVersion < 2 || !entries.TryGetValue(PackageFiles.Boundaries, out var entry)) return found;
            using var lines = new LineReader(Open(entry, _limits.TotalBytes), _limits.LineBytes);
            while (lines.Next() is { } line)
            {
                ct.ThrowIfCancellationRequested();
                if (ReadEvent(PackageFiles.Boundaries, lines.LineNumber, line) is not { } read) continue;
                if (!found.TryAdd(read.Row.Seq, new BoundaryEvent(read.Row, read.Leaf, lines.LineNumber)))
                    Add(PackageFiles.Boundaries, lines.LineNumber, read.Row.Seq, "holds this seq twice");
            }
            if (!lines.LastLineTerminated)
                Add(PackageFiles.Boundaries, lines.LineNumber, null, "the last line does not end in a newline: the file was cut or edited");
            return found;
        }

        /// <summary>
        /// Format 2, bound exports: export-event.jsonl holds the export's own access event; the
        /// manifest's claims are compared with it. Without it the claims are the exporter's word (a warning).
        /// </summary>
        private BoundaryEvent? ReadExportEvent(Dictionary<string, ZipArchiveEntry> entries)
        {
            var m = _manifest!;
            if (!entries.TryGetValue(PackageFiles.ExportEvent, out var entry))
            {
                _warnings.Add("the manifest's exporter, reason and filter are not bound to the log (the package was exported without binding): they are the exporter's word");
                return null;
            }
            if (m.FormatVersion < 2)
            {
                Add(PackageFiles.ExportEvent, null, null, $"is not part of format version {m.FormatVersion}");
                return null;
            }
            using var lines = new LineReader(Open(entry, _limits.TotalBytes), _limits.LineBytes);
            BoundaryEvent? found = null;
            while (lines.Next() is { } line)
            {
                if (ReadEvent(PackageFiles.ExportEvent, lines.LineNumber, line) is not { } read) continue;
                if (found is not null) Add(PackageFiles.ExportEvent, lines.LineNumber, read.Row.Seq, "holds more than one event");
                else found = new BoundaryEvent(read.Row, read.Leaf, lines.LineNumber);
            }
            if (!lines.LastLineTerminated)
                Add(PackageFiles.ExportEvent, lines.LineNumber, null, "the last line does not end in a newline: the file was cut or edited");
            if (found is null) Add(PackageFiles.ExportEvent, null, null, "holds no readable event");
            else ExportEventClaims.Compare(m, found.Row.Event, problem => Add(PackageFiles.ExportEvent, found.Line, found.Row.Seq, problem));
            return found;
        }

        /// <summary>
        /// The neighbours prove where the span ends: each must be present in full (format 2), lie
        /// outside the claimed range, and chain to the span's first and last event. A widened range
        /// puts a neighbour inside it; an edge event relabelled as a boundary is inside it too.
        /// </summary>
        private void CheckBoundaryEvents(Dictionary<long, BoundaryEvent> boundaries, ManifestClaims claims)
        {
            var m = _manifest!;
            var c = m.Completeness!;
            if (m.FormatVersion < 2)
            {
                if (c.BeforeSeq is null && c.AfterSeq is null) return;
                const string limit = "format version 1 proves the events before and after the range by leaf hash only, so their times cannot be checked and a trimmed edge would not show";
                if (options.AcceptVersion1Boundaries) _warnings.Add(limit + "; accepted as asked");
                else Add(PackageFiles.Manifest, null, null, limit + "; re-export the package (format 2) or accept this explicitly");
                return;
            }
            if (claims.First is null && (c.FirstSeq is null))
                _warnings.Add("no checkpointed event occurred in this time range; an empty range has no neighbours to prove it empty");
            foreach (var (seq, side) in new[] { (c.BeforeSeq, "before"), (c.AfterSeq, "after") })
            {
                if (seq is not { } s) continue;
                if (!boundaries.TryGetValue(s, out var b))
                {
                    Add(PackageFiles.Boundaries, null, s, $"does not hold seq {s}, the event {side} the range: the span's edge cannot be checked");
                    continue;
                }
                var e = b.Row.Event;
                if (ManifestClaims.InRange(m.Filter, e.OccurredAt))
                    Add(PackageFiles.Boundaries, b.Line, s,
                        $"seq {s}, the event {side} the span, occurred at {ManifestClaims.EventTime(e)}, inside the claimed range {ManifestClaims.RangeText(m.Filter)}: the range was widened or an edge event was taken out");
                if (side == "before" && claims.First is { } first && first.Seq == s + 1 && !b.Row.Hash.AsSpan().SequenceEqual(first.PrevHash))
                    Add(PackageFiles.Boundaries, b.Line, s, $"its hash is not the prev_hash of seq {first.Seq}: the chain is broken");
                if (side == "after" && claims.Last is { } last && last.Seq == s - 1 && !b.Row.PrevHash.AsSpan().SequenceEqual(last.Hash))
                    Add(PackageFiles.Boundaries, b.Line, s, $"its prev_hash is not the hash of seq {last.Seq}: the chain is broken");
            }
            foreach (var b in boundaries.Values.Where(b => b.Row.Seq != c.BeforeSeq && b.Row.Seq != c.AfterSeq))
                Add(PackageFiles.Boundaries, b.Line, b.Row.Seq, "is not a neighbour the completeness claim names");
        }

        /// <summary>The proof lines after the events' proofs: one per neighbour, leading from its (recomputed, format 2) leaf to the root.</summary>
        private void CheckBoundaryProofs(LineReader proofs, CheckpointBody? checkpoint, Dictionary<long, BoundaryEvent> boundaries, BoundaryEvent? exportEvent)
        {
            var m = _manifest!;
            var c = m.Completeness;
            var seen = new HashSet<string>();
            long count = 0;
            while (proofs.Next() is { } line)
            {
                if (ReadProof(proofs.LineNumber, line) is not { } proof) continue;
                count++;
                var expected = proof.Boundary switch
                {
                    ProofJsonLine.Before => c?.BeforeSeq,
                    ProofJsonLine.After => c?.AfterSeq,
                    ProofJsonLine.Export => exportEvent?.Row.Seq,
                    _ => null,
                };
                if (expected is null || proof.Seq != expected || proof.LeafHash is null || !seen.Add(proof.Boundary!))
                {
                    Add(PackageFiles.Proofs, proofs.LineNumber, proof.Seq, "is not a proof of an event in events.jsonl nor of a boundary the manifest names");
                    continue;
                }
                var leaf = proof.LeafHash;
                var full = proof.Boundary == ProofJsonLine.Export ? exportEvent : boundaries.GetValueOrDefault(proof.Seq);
                if (m.FormatVersion >= 2 && full is { } b)
                {
                    if (!b.Leaf.AsSpan().SequenceEqual(proof.LeafHash))
                        Add(PackageFiles.Proofs, proofs.LineNumber, proof.Seq, "its leaf_hash is not the leaf hash of the full event the package holds");
                    leaf = b.Leaf;
                }
                _proofs++;
                CheckInclusion(proofs.LineNumber, proof, leaf, checkpoint);
            }
            if (!proofs.LastLineTerminated)
                Add(PackageFiles.Proofs, proofs.LineNumber, null, "the last line does not end in a newline: the file was cut or edited");
            if (c?.BeforeSeq is { } before && !seen.Contains(ProofJsonLine.Before))
                Add(PackageFiles.Proofs, null, before, "the proof of the event before the range is missing");
            if (c?.AfterSeq is { } after && !seen.Contains(ProofJsonLine.After))
                Add(PackageFiles.Proofs, null, after, "the proof of the event after the range is missing");
            if (exportEvent is not null && !seen.Contains(ProofJsonLine.Export))
                Add(PackageFiles.Proofs, null, exportEvent.Row.Seq, "the proof of the export's access event is missing");
            if (count != m.Counts.BoundaryProofs)
                Add(PackageFiles.Proofs, null, null, $"holds {count} boundary proof lines but counts.boundary_proofs says {m.Counts.BoundaryProofs}");
        }
    }
}
