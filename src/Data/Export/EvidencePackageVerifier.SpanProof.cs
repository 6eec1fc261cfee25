using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

public static partial class EvidencePackageVerifier
{
    /// <summary>
    /// Format 3: the range proof of a time range's seq span, fed the recomputed leaf of each event of
    /// events.jsonl in order. Fails closed: a proof that cannot be read, an event line that cannot be
    /// read, a seq out of order or missing, or leaves that do not lead to the root is one finding on
    /// proofs.jsonl (the event checks name the line that caused it).
    /// </summary>
    private sealed class SpanProof(long firstSeq, long lastSeq)
    {
        private RangeProofCheck? _check;
        private long? _proofLine;
        private (long? Line, long? Seq, string Problem)? _broken;

        public long FirstSeq => firstSeq;
        public long LastSeq => lastSeq;

        public void Begin(RangeProofCheck check, long proofLine)
        {
            _check = check;
            _proofLine = proofLine;
        }

        /// <summary>Records the first reason the span cannot be proven; later ones add nothing.</summary>
        public void Break(long? line, long? seq, string problem)
        {
            _broken ??= (line, seq, problem);
            _check = null;
        }

        public void Add(long eventLine, long seq, byte[] leaf)
        {
            if (_check is null) return;
            if (seq - 1 != _check.NextLeaf || seq > lastSeq)
                Break(_proofLine, seq, $"events.jsonl line {eventLine} holds seq {seq} where the range proof expects seq {_check.NextLeaf + 1}: the span of seqs {firstSeq} to {lastSeq} is not proven");
            else _check.Add(leaf);
        }

        public void Finish(CheckpointBody? checkpoint, Action<string, long?, long?, string> add)
        {
            if (_check is not null && checkpoint is not null && _check.Finish(checkpoint.RootHash) is { } problem)
                Break(_proofLine, null, $"seqs {firstSeq} to {lastSeq}: {problem}: an event was changed, added or removed");
            if (_broken is { } b) add(PackageFiles.Proofs, b.Line, b.Seq, b.Problem);
        }
    }
}
