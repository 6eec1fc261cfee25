using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Verifies an evidence package offline, from the zip alone: file hashes against the manifest,
/// every event's canonical bytes, leaf and chain hash, every inclusion proof against the signed
/// checkpoint, the checkpoint signature, that events.csv holds the same events as events.jsonl,
/// and for time-range packages that the seq span has no gap. Never throws for a bad package:
/// every problem becomes a finding.
/// </summary>
public static class EvidencePackageVerifier
{
    public static PackageVerificationReport Verify(string path, PackageVerificationOptions? options = null, CancellationToken ct = default)
    {
        options ??= new PackageVerificationOptions();
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new PackageVerificationReport([new PackageFinding(Path.GetFileName(path), null, null, $"cannot open the package: {ex.Message}")],
                0, 0, 0, null, null, options.TrustedKeys.Count > 0, TimeSpan.Zero);
        }
        using (file) return Verify(file, options, ct);
    }

    public static PackageVerificationReport Verify(Stream package, PackageVerificationOptions? options = null, CancellationToken ct = default)
    {
        options ??= new PackageVerificationOptions();
        var run = new VerificationRun(options);
        var clock = Stopwatch.StartNew();
        try
        {
            using var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
            run.Check(zip, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            run.Add("package", null, null, $"not a readable zip archive (truncated or corrupt): {ex.Message}");
        }
        return run.Report(clock.Elapsed);
    }

    private sealed class VerificationRun(PackageVerificationOptions options)
    {
        private readonly List<PackageFinding> _findings = [];
        private long _omitted;
        private long _events;
        private long _proofs;
        private PackageManifest? _manifest;
        private string? _signedBy;

        public void Add(string file, long? line, long? seq, string problem)
        {
            if (_findings.Count < options.MaxFindings) _findings.Add(new PackageFinding(file, line, seq, problem));
            else _omitted++;
        }

        public PackageVerificationReport Report(TimeSpan elapsed) =>
            new(_findings, _omitted, _events, _proofs, _manifest, _signedBy, options.TrustedKeys.Count > 0, elapsed);

        public void Check(ZipArchive zip, CancellationToken ct)
        {
            var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName, StringComparer.Ordinal);
            if (!entries.TryGetValue(PackageFiles.Manifest, out var manifestEntry))
            {
                Add(PackageFiles.Manifest, null, null, "missing: this is not an evidence package");
                return;
            }
            try
            {
                _manifest = PackageManifest.Parse(ReadAll(manifestEntry));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                Add(PackageFiles.Manifest, null, null, $"not a valid manifest: {ex.Message}");
                return;
            }
            if (_manifest.Format != PackageFiles.FormatName || _manifest.FormatVersion != PackageFiles.FormatVersion)
            {
                Add(PackageFiles.Manifest, null, null, $"unknown package format {_manifest.Format} version {_manifest.FormatVersion}; this verifier reads version {PackageFiles.FormatVersion}");
                return;
            }

            CheckFileHashes(entries, ct);
            var checkpoint = CheckCheckpoint(entries);
            CheckEvents(entries, checkpoint, ct);
        }

        private void CheckFileHashes(Dictionary<string, ZipArchiveEntry> entries, CancellationToken ct)
        {
            var listed = _manifest!.Files.ToDictionary(f => f.Name, StringComparer.Ordinal);
            foreach (var required in new[] { PackageFiles.EventsCsv, PackageFiles.EventsJsonLines, PackageFiles.Proofs, PackageFiles.Checkpoint })
                if (!listed.ContainsKey(required)) Add(PackageFiles.Manifest, null, null, $"does not list {required}");
            foreach (var file in _manifest.Files)
            {
                ct.ThrowIfCancellationRequested();
                if (!entries.TryGetValue(file.Name, out var entry))
                {
                    Add(file.Name, null, null, "listed in the manifest but missing from the package");
                    continue;
                }
                var (bytes, sha) = HashEntry(entry);
                if (sha is null) Add(file.Name, null, null, "cannot be read: the zip entry is corrupt");
                else if (!string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase) || bytes != file.Bytes)
                    Add(file.Name, null, null, $"SHA-256 {sha} ({bytes} bytes) does not match the manifest ({file.Sha256}, {file.Bytes} bytes): the file was changed");
            }
            foreach (var name in entries.Keys)
                if (name != PackageFiles.Manifest && !listed.ContainsKey(name))
                    Add(name, null, null, "is in the package but not listed in the manifest");
        }

        private CheckpointBody? CheckCheckpoint(Dictionary<string, ZipArchiveEntry> entries)
        {
            var packageKeys = new List<CheckpointVerifierKey>();
            foreach (var (name, entry) in entries.Where(e => e.Key.StartsWith(PackageFiles.KeysFolder, StringComparison.Ordinal)))
            {
                var lineNo = 0;
                foreach (var line in ReadText(entry).Split('\n'))
                {
                    lineNo++;
                    if (line.Trim().Length == 0) continue;
                    try
                    {
                        packageKeys.Add(CheckpointVerifierKey.Parse(line));
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException)
                    {
                        Add(name, lineNo, null, $"not a public key: {ex.Message}");
                    }
                }
            }
            if (!entries.TryGetValue(PackageFiles.Checkpoint, out var checkpointEntry))
            {
                Add(PackageFiles.Checkpoint, null, null, "missing: the proofs cannot be checked");
                return null;
            }
            var note = ReadText(checkpointEntry);
            CheckpointBody body;
            try
            {
                body = CheckpointBody.Parse(SignedNote.Parse(note).Text);
            }
            catch (FormatException ex)
            {
                Add(PackageFiles.Checkpoint, null, null, $"not a signed checkpoint: {ex.Message}");
                return null;
            }

            var pinned = options.TrustedKeys.Count > 0;
            var keys = pinned ? options.TrustedKeys : packageKeys;
            if (keys.Count == 0) Add(PackageFiles.KeysFolder, null, null, "no public key in the package: the checkpoint signature cannot be checked");
            else
            {
                var check = new CheckpointKeyring(keys).Verify(note);
                if (check.IsValid) _signedBy = check.Signer!.Label;
                else Add(PackageFiles.Checkpoint, null, null, (pinned ? "not signed by the trusted key: " : "signature does not verify: ") + check.Problem);
            }

            var m = _manifest!;
            if (!body.Origin.EndsWith("/" + m.TenantId, StringComparison.Ordinal))
                Add(PackageFiles.Checkpoint, null, null, $"origin \"{body.Origin}\" is not the log of tenant {m.TenantId}");
            if (body.TreeSize != m.Checkpoint.TreeSize || Convert.ToBase64String(body.RootHash) != m.Checkpoint.RootHash)
                Add(PackageFiles.Manifest, null, null, $"names checkpoint {m.Checkpoint.TreeSize} {m.Checkpoint.RootHash} but checkpoint.txt is {body.TreeSize} {Convert.ToBase64String(body.RootHash)}");
            return body;
        }

        private void CheckEvents(Dictionary<string, ZipArchiveEntry> entries, CheckpointBody? checkpoint, CancellationToken ct)
        {
            if (!entries.TryGetValue(PackageFiles.EventsJsonLines, out var eventsEntry))
            {
                Add(PackageFiles.EventsJsonLines, null, null, "missing");
                return;
            }
            entries.TryGetValue(PackageFiles.Proofs, out var proofsEntry);
            entries.TryGetValue(PackageFiles.EventsCsv, out var csvEntry);
            if (proofsEntry is null) Add(PackageFiles.Proofs, null, null, "missing");
            if (csvEntry is null) Add(PackageFiles.EventsCsv, null, null, "missing");

            var m = _manifest!;
            using var events = new LineReader(eventsEntry.Open());
            using var proofs = proofsEntry is null ? null : new LineReader(proofsEntry.Open());
            using var csv = csvEntry is null ? null : new CsvEventRows(csvEntry.Open(), (row, seq, problem) => Add(PackageFiles.EventsCsv, row, seq, problem));
            var completeness = m.Completeness;
            var expectedSeq = completeness?.FirstSeq;
            long? previousSeq = null;
            byte[]? previousHash = null;
            var proofsAligned = proofs is not null;

            while (events.Next() is { } line)
            {
                ct.ThrowIfCancellationRequested();
                var lineNo = events.LineNumber;
                ExportedEvent row;
                try
                {
                    row = EventJsonLine.Parse(line);
                }
                catch (FormatException ex)
                {
                    Add(PackageFiles.EventsJsonLines, lineNo, null, ex.Message);
                    proofs?.Next();
                    csv?.Skip();
                    previousSeq = null;
                    continue;
                }
                _events++;
                var seq = row.Seq;
                var e = row.Event;
                if (e.TenantId != m.TenantId) Add(PackageFiles.EventsJsonLines, lineNo, seq, $"belongs to tenant {e.TenantId}, not {m.TenantId}");

                byte[] canonical;
                try
                {
                    canonical = EventCanonicalForm.Encode(e, seq);
                }
                catch (FormatException ex)
                {
                    Add(PackageFiles.EventsJsonLines, lineNo, seq, $"the event has no canonical form: {ex.Message}");
                    proofs?.Next();
                    csv?.Skip();
                    previousSeq = null;
                    continue;
                }
                var leaf = MerkleHasher.HashLeaf(canonical);
                if (!leaf.AsSpan().SequenceEqual(row.LeafHash))
                    Add(PackageFiles.EventsJsonLines, lineNo, seq, "the event's content does not match its leaf hash: a value was changed");
                if (!EventChainHash.Compute(canonical, row.PrevHash).AsSpan().SequenceEqual(row.Hash))
                    Add(PackageFiles.EventsJsonLines, lineNo, seq, "the event's content does not match its chain hash: a value was changed");
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

                if (proofs is not null && proofsAligned)
                    proofsAligned = CheckProof(proofs, seq, leaf, checkpoint);
                csv?.Compare(row);
                previousSeq = seq;
                previousHash = row.Hash;
            }

            if (completeness is { LastSeq: { } last } && expectedSeq is { } next && next <= last)
                Add(PackageFiles.EventsJsonLines, null, next, next == last
                    ? $"seq {last} is missing: the time range is incomplete"
                    : $"seqs {next} to {last} are missing: the time range is incomplete");

            if (proofs is not null && proofsAligned) CheckBoundaryProofs(proofs, checkpoint);
            csv?.Finish();

            if (_events != m.Counts.Events)
                Add(PackageFiles.EventsJsonLines, null, null, $"holds {_events} events but the manifest says {m.Counts.Events}");
            if (proofs is not null && _proofs != m.Counts.Proofs)
                Add(PackageFiles.Proofs, null, null, $"holds {_proofs} valid proof lines but the manifest says {m.Counts.Proofs}");
            if (csv is not null && csv.Rows != m.Counts.CsvRows)
                Add(PackageFiles.EventsCsv, null, null, $"holds {csv.Rows} rows but the manifest says {m.Counts.CsvRows}");
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
            ProofJsonLine proof;
            try
            {
                proof = ProofJsonLine.Parse(line);
            }
            catch (FormatException ex)
            {
                Add(PackageFiles.Proofs, proofs.LineNumber, seq, ex.Message);
                return true;
            }
            if (proof.Seq != seq || proof.Boundary is not null)
            {
                Add(PackageFiles.Proofs, proofs.LineNumber, proof.Seq, $"does not line up with events.jsonl (expected the proof of seq {seq}); later proofs not checked");
                return false;
            }
            _proofs++;
            CheckInclusion(proofs.LineNumber, proof, leaf, checkpoint);
            return true;
        }

        private void CheckInclusion(long line, ProofJsonLine proof, byte[] leaf, CheckpointBody? checkpoint)
        {
            if (checkpoint is null) return;
            if (proof.LeafIndex != proof.Seq - 1 || proof.TreeSize != checkpoint.TreeSize)
                Add(PackageFiles.Proofs, line, proof.Seq, $"proves leaf {proof.LeafIndex} in a tree of {proof.TreeSize}, not leaf {proof.Seq - 1} in the checkpoint's tree of {checkpoint.TreeSize}");
            else if (!MerkleProofVerifier.VerifyInclusion(leaf, proof.LeafIndex, proof.TreeSize, proof.Path, checkpoint.RootHash))
                Add(PackageFiles.Proofs, line, proof.Seq, "the inclusion proof does not lead to the checkpoint root");
        }

        private void CheckBoundaryProofs(LineReader proofs, CheckpointBody? checkpoint)
        {
            var c = _manifest!.Completeness;
            var seen = new HashSet<string>();
            while (proofs.Next() is { } line)
            {
                ProofJsonLine proof;
                try
                {
                    proof = ProofJsonLine.Parse(line);
                }
                catch (FormatException ex)
                {
                    Add(PackageFiles.Proofs, proofs.LineNumber, null, ex.Message);
                    continue;
                }
                var expected = proof.Boundary switch
                {
                    ProofJsonLine.Before => c?.BeforeSeq,
                    ProofJsonLine.After => c?.AfterSeq,
                    _ => null,
                };
                if (expected is null || proof.Seq != expected || proof.LeafHash is null || !seen.Add(proof.Boundary!))
                {
                    Add(PackageFiles.Proofs, proofs.LineNumber, proof.Seq, "is not a proof of an event in events.jsonl nor of a boundary the manifest names");
                    continue;
                }
                _proofs++;
                CheckInclusion(proofs.LineNumber, proof, proof.LeafHash, checkpoint);
            }
            if (c?.BeforeSeq is { } before && !seen.Contains(ProofJsonLine.Before))
                Add(PackageFiles.Proofs, null, before, "the proof of the event before the range is missing");
            if (c?.AfterSeq is { } after && !seen.Contains(ProofJsonLine.After))
                Add(PackageFiles.Proofs, null, after, "the proof of the event after the range is missing");
        }

        private static byte[] ReadAll(ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }

        private static string ReadText(ZipArchiveEntry entry) => Encoding.UTF8.GetString(ReadAll(entry));

        private static (long Bytes, string? Sha) HashEntry(ZipArchiveEntry entry)
        {
            try
            {
                using var stream = entry.Open();
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = stream.Read(buffer)) > 0)
                {
                    sha.AppendData(buffer.AsSpan(0, n));
                    total += n;
                }
                return (total, Convert.ToHexStringLower(sha.GetHashAndReset()));
            }
            catch (InvalidDataException)
            {
                return (0, null);
            }
        }
    }
}
