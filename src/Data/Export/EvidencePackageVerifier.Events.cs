using System.Buffers;
using System.IO.Compression;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

public static partial class EvidencePackageVerifier
{
    private sealed partial class VerificationRun
    {
        private readonly ArrayBufferWriter<byte> _reserialized = new(1 << 16);
        private EventLineCheck? _lineCheck;

        /// <summary>Checks the event files; returns the export's own event (bound packages), whose leaf a tlog-proof may prove.</summary>
        private ExportedEvent? CheckEvents(Dictionary<string, ZipArchiveEntry> entries, CheckpointBody? checkpoint, CancellationToken ct)
        {
            if (!entries.TryGetValue(PackageFiles.EventsJsonLines, out var eventsEntry))
            {
                Add(PackageFiles.EventsJsonLines, null, null, "missing");
                return null;
            }
            entries.TryGetValue(PackageFiles.Proofs, out var proofsEntry);
            entries.TryGetValue(PackageFiles.EventsCsv, out var csvEntry);
            if (proofsEntry is null) Add(PackageFiles.Proofs, null, null, "missing");
            if (csvEntry is null) Add(PackageFiles.EventsCsv, null, null, "missing");

            var m = _manifest!;
            var claims = new ManifestClaims(m, (line, seq, problem) => Add(PackageFiles.Manifest, line, seq, problem));
            claims.CheckShape();
            var boundaries = ReadBoundaryEvents(entries, ct);
            var exportEvent = ReadExportEvent(entries);
            var history = HistoryCompleteness.For(m.Filter);
            if (history is not null) history.Expired = ReadExpiredSpans(entries);
            if (exportEvent is not null) KeepLeafForTlogProof(exportEvent.Row.Seq, exportEvent.Leaf, exported: false);

            using var events = new LineReader(OpenHashed(eventsEntry, _limits.TotalBytes), _limits.LineBytes);
            using var proofs = proofsEntry is null ? null : new LineReader(Open(proofsEntry, _limits.TotalBytes), _limits.LineBytes);
            using var csv = csvEntry is null ? null : new CsvEventRows(OpenHashed(csvEntry, CsvLimit(eventsEntry)),
                m.FormatVersion >= PackageFiles.CanonicalCsvFormatVersion, (row, seq, problem) => Add(PackageFiles.EventsCsv, row, seq, problem));
            var completeness = m.Completeness;
            var expectedSeq = completeness?.FirstSeq;
            long? previousSeq = null;
            byte[]? previousHash = null;
            var proofsAligned = proofs is not null;
            // Format 3 time-range packages prove the span with one line; the events are fed to it in seq order.
            var span = m.FormatVersion >= PackageFiles.RangeProofFormatVersion && completeness?.FirstSeq is not null && proofs is not null
                ? ReadRangeProof(proofs, completeness, checkpoint)
                : null;

            foreach (var checkedLine in new ParallelEventLineChecks(events, m.TenantId).Run(ct))
            {
                ct.ThrowIfCancellationRequested();
                var lineNo = checkedLine.LineNumber;
                if (Report(PackageFiles.EventsJsonLines, checkedLine) is not { } checkedEvent)
                {
                    if (span is not null) span.Break(null, null, $"the range proof cannot be checked: events.jsonl line {lineNo} cannot be read");
                    else proofs?.Next();
                    csv?.Skip();
                    previousSeq = null;
                    continue;
                }
                var (row, leaf) = checkedEvent;
                _events++;
                var seq = row.Seq;
                KeepLeafForTlogProof(seq, leaf, exported: true);
                claims.Add(lineNo, row);
                history?.Add(row, lineNo);
                if (previousSeq == seq - 1 && previousHash is not null && !previousHash.AsSpan().SequenceEqual(row.PrevHash))
                    Add(PackageFiles.EventsJsonLines, lineNo, seq, $"prev_hash is not the hash of seq {seq - 1}: the chain is broken");

                if (expectedSeq is { } expected)
                {
                    if (seq > expected)
                        Add(PackageFiles.EventsJsonLines, lineNo, seq, expected == seq - 1
                            ? $"seq {expected} is missing: the time range is incomplete"
                            : $"seqs {expected} to {seq - 1} are missing: the time range is incomplete");
                    else if (seq < expected)
                        Add(PackageFiles.EventsJsonLines, lineNo, seq, $"out of order: expected seq {expected}");
                    expectedSeq = Math.Max(expected, seq) + 1;
                }

                if (span is not null) span.Add(lineNo, seq, leaf);
                else if (proofs is not null && proofsAligned)
                    proofsAligned = CheckProof(proofs, seq, leaf, checkpoint);
                csv?.Compare(row);
                previousSeq = seq;
                previousHash = row.Hash;
            }
            if (!events.LastLineTerminated)
                Add(PackageFiles.EventsJsonLines, events.LineNumber, null, "the last line does not end in a newline: the file was cut or edited");

            if (completeness is { LastSeq: { } last } && expectedSeq is { } next && next <= last)
                Add(PackageFiles.EventsJsonLines, null, next, next == last
                    ? $"seq {last} is missing: the time range is incomplete"
                    : $"seqs {next} to {last} are missing: the time range is incomplete");

            span?.Finish(checkpoint, Add);
            claims.Finish(checkpoint?.TreeSize);
            if (history is not null)
            {
                history.Finish(exportEvent?.Row, (line, seq, problem) => Add(PackageFiles.EventsJsonLines, line, seq, problem), _warnings.Add);
                _history = history.Proven;
            }
            if (completeness is not null) CheckBoundaryEvents(boundaries, claims);
            if (proofs is not null && proofsAligned) CheckBoundaryProofs(proofs, checkpoint, boundaries, exportEvent);
            csv?.Finish();

            if (_events != m.Counts.Events)
                Add(PackageFiles.EventsJsonLines, null, null, $"holds {_events} events but the manifest says {m.Counts.Events}");
            if (proofs is not null && _proofs != m.Counts.Proofs)
                Add(PackageFiles.Proofs, null, null, $"holds {_proofs} valid proof lines but the manifest says {m.Counts.Proofs}");
            if (csv is not null && csv.Rows != m.Counts.CsvRows)
                Add(PackageFiles.EventsCsv, null, null, $"holds {csv.Rows} rows but the manifest says {m.Counts.CsvRows}");
            // While the streams are open: the hashes finish with what the checks left unread.
            ResolveDeferredHashes(ct);
            return exportEvent?.Row;
        }

        /// <summary>expired.jsonl: the retention archive records a history's first change may link into.</summary>
        private List<ExpiredSpan> ReadExpiredSpans(Dictionary<string, ZipArchiveEntry> entries)
        {
            var spans = new List<ExpiredSpan>();
            if (!entries.TryGetValue(PackageFiles.ExpiredHistory, out var entry)) return spans;
            using var lines = new LineReader(Open(entry, _limits.SmallFileBytes), _limits.LineBytes);
            while (lines.Next() is { } line)
            {
                try
                {
                    spans.Add(ExpiredSpan.Parse(line));
                }
                catch (FormatException ex)
                {
                    Add(PackageFiles.ExpiredHistory, lines.LineNumber, null, ex.Message);
                }
            }
            return spans;
        }

        /// <summary>
        /// events.csv holds the same values as events.jsonl with CSV quoting and jsonb's spacing (well under three times the
        /// bytes), so it is read no further than that: a forged giant CSV cannot exhaust memory.
        /// </summary>
        private long CsvLimit(ZipArchiveEntry events) => Math.Min(_limits.TotalBytes, 3 * events.Length + (64 << 10));

        /// <summary>Parses one event line and checks it on this thread (<see cref="EventLineCheck"/>); null when it cannot be read.</summary>
        private (ExportedEvent Row, byte[] Leaf)? ReadEvent(string file, long lineNo, byte[] line) =>
            Report(file, (_lineCheck ??= new EventLineCheck(_manifest!.TenantId)).Check(lineNo, line));

        private (ExportedEvent Row, byte[] Leaf)? Report(string file, CheckedEventLine line)
        {
            foreach (var problem in line.Problems) Add(file, line.LineNumber, problem.Seq, problem.Problem);
            return line is { Row: { } row, Leaf: { } leaf } ? (row, leaf) : null;
        }

        /// <summary>
        /// Format 3: the first line of proofs.jsonl, the range proof of the completeness claim's seq span
        /// under the checkpoint. Its problems are findings; the returned span then fails when finished.
        /// </summary>
        private SpanProof ReadRangeProof(LineReader proofs, ManifestCompleteness completeness, CheckpointBody? checkpoint)
        {
            var span = new SpanProof(completeness.FirstSeq!.Value, completeness.LastSeq ?? 0);
            if (proofs.Next() is not { } line)
            {
                span.Break(null, null, "has no range proof for the events");
                return span;
            }
            RangeProofJsonLine proof;
            try
            {
                proof = RangeProofJsonLine.Parse(line);
            }
            catch (FormatException ex)
            {
                span.Break(proofs.LineNumber, null, $"the first line is not the range proof of seqs {span.FirstSeq} to {span.LastSeq}: {ex.Message}");
                return span;
            }
            _reserialized.ResetWrittenCount();
            proof.Write(_reserialized);
            if (!_reserialized.WrittenSpan[..^1].SequenceEqual(line))
                Add(PackageFiles.Proofs, proofs.LineNumber, null, "is not byte for byte the canonical range proof line");
            _proofs++;
            if (proof.FirstSeq != span.FirstSeq || proof.LastSeq != span.LastSeq)
                span.Break(proofs.LineNumber, null, $"the range proof covers seqs {proof.FirstSeq} to {proof.LastSeq}, not the claimed span {span.FirstSeq} to {span.LastSeq}");
            else if (checkpoint is not null && proof.TreeSize != checkpoint.TreeSize)
                span.Break(proofs.LineNumber, null, $"the range proof is for a tree of {proof.TreeSize}, not the checkpoint's tree of {checkpoint.TreeSize}");
            else if (RangeProofCheck.Start(proof.ToProof(), out var problem) is { } check) span.Begin(check, proofs.LineNumber);
            else span.Break(proofs.LineNumber, null, $"not a range proof of seqs {span.FirstSeq} to {span.LastSeq}: {problem}");
            return span;
        }

        /// <summary>Checks the next proof line against the event; false when the files no longer line up.</summary>
        private bool CheckProof(LineReader proofs, long seq, byte[] leaf, CheckpointBody? checkpoint)
        {
            var line = proofs.Next();
            if (line is null)
            {
                Add(PackageFiles.Proofs, null, seq, "has no proof for this event");
                return false;
            }
            if (ReadProof(proofs.LineNumber, line) is not { } proof) return true;
            if (proof.Seq != seq || proof.Boundary is not null || proof.LeafHash is not null)
            {
                Add(PackageFiles.Proofs, proofs.LineNumber, proof.Seq, $"does not line up with events.jsonl (expected the proof of seq {seq}); later proofs not checked");
                return false;
            }
            _proofs++;
            CheckInclusion(proofs.LineNumber, proof, leaf, checkpoint);
            return true;
        }

        private ProofJsonLine? ReadProof(long lineNo, byte[] line)
        {
            ProofJsonLine proof;
            try
            {
                proof = ProofJsonLine.Parse(line);
            }
            catch (FormatException ex)
            {
                Add(PackageFiles.Proofs, lineNo, null, ex.Message);
                return null;
            }
            _reserialized.ResetWrittenCount();
            proof.Write(_reserialized);
            if (!_reserialized.WrittenSpan[..^1].SequenceEqual(line))
                Add(PackageFiles.Proofs, lineNo, proof.Seq, "is not byte for byte the canonical proof line");
            return proof;
        }

        private void CheckInclusion(long line, ProofJsonLine proof, byte[] leaf, CheckpointBody? checkpoint)
        {
            if (checkpoint is null) return;
            if (proof.LeafIndex != proof.Seq - 1 || proof.TreeSize != checkpoint.TreeSize)
                Add(PackageFiles.Proofs, line, proof.Seq, $"proves leaf {proof.LeafIndex} in a tree of {proof.TreeSize}, not leaf {proof.Seq - 1} in the checkpoint's tree of {checkpoint.TreeSize}");
            else if (!MerkleProofVerifier.VerifyInclusion(leaf, proof.LeafIndex, proof.TreeSize, proof.Path, checkpoint.RootHash))
                Add(PackageFiles.Proofs, line, proof.Seq, "the inclusion proof does not lead to the checkpoint root");
        }
    }
}
