using System.Globalization;
using System.IO.Compression;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

public static partial class EvidencePackageVerifier
{
    private sealed partial class VerificationRun
    {
        /// <summary>Seqs that have a tlog-proof file, by file name; their recomputed leaf hashes are kept while events are read.</summary>
        private readonly Dictionary<long, string> _tlogProofFiles = [];
        private readonly Dictionary<long, byte[]> _tlogLeaves = [];
        private readonly HashSet<long> _tlogEventProofs = [];
        private string? _checkpointNote;

        /// <summary>Finds tlog-proofs/&lt;seq&gt;.tlog-proof entries (before events are read, so their leaves are kept).</summary>
        private void FindTlogProofs(Dictionary<string, ZipArchiveEntry> entries)
        {
            foreach (var name in entries.Keys.Where(n => n.StartsWith(PackageFiles.TlogProofsFolder, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var digits = name[PackageFiles.TlogProofsFolder.Length..];
                digits = digits.EndsWith(".tlog-proof", StringComparison.Ordinal) ? digits[..^".tlog-proof".Length] : "";
                if (digits.Length == 0 || digits[0] == '0' || digits.Any(c => c is < '0' or > '9')
                    || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                    Add(name, null, null, "is not named tlog-proofs/<seq>.tlog-proof");
                else _tlogProofFiles[seq] = name;
            }
        }

        /// <summary>Keeps an event's recomputed leaf hash when a tlog-proof names its seq (<paramref name="exported"/>: a line of events.jsonl).</summary>
        private void KeepLeafForTlogProof(long seq, byte[] leaf, bool exported)
        {
            if (!_tlogProofFiles.ContainsKey(seq)) return;
            _tlogLeaves[seq] = leaf;
            if (exported) _tlogEventProofs.Add(seq);
        }

        /// <summary>
        /// Every tlog-proof must prove an event the package holds: index = seq − 1, the checkpoint
        /// verbatim as checkpoint.txt (whose signature was checked), and the path from the recomputed
        /// leaf hash to that checkpoint's root. Either every event of events.jsonl has one or none does.
        /// </summary>
        private void CheckTlogProofs(Dictionary<string, ZipArchiveEntry> entries, CheckpointBody? checkpoint)
        {
            foreach (var (seq, name) in _tlogProofFiles.OrderBy(p => p.Key))
            {
                if (!_tlogLeaves.TryGetValue(seq, out var leaf))
                {
                    Add(name, null, seq, "proves a seq that is neither in events.jsonl nor the export event");
                    continue;
                }
                TlogProof proof;
                try
                {
                    proof = TlogProof.Parse(ReadText(entries[name], _limits.SmallFileBytes));
                }
                catch (FormatException ex)
                {
                    Add(name, null, seq, $"not a C2SP tlog-proof: {ex.Message}");
                    continue;
                }
                if (proof.Index != seq - 1) Add(name, null, seq, $"names index {proof.Index}, but the entry of seq {seq} is at index {seq - 1}");
                if (proof.Checkpoint != _checkpointNote) Add(name, null, seq, "does not hold checkpoint.txt verbatim: its checkpoint differs");
                else if (checkpoint is not null && !MerkleProofVerifier.VerifyInclusion(leaf, proof.Index, checkpoint.TreeSize, proof.Path, checkpoint.RootHash))
                    Add(name, null, seq, "the inclusion proof does not lead to the checkpoint root");
            }
            if (_tlogEventProofs.Count > 0 && _tlogEventProofs.Count != _events)
                Add(PackageFiles.TlogProofsFolder, null, null, $"holds tlog-proofs for {_tlogEventProofs.Count} of the {_events} events of events.jsonl: either every event has one or none does");
        }
    }
}
