using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Verifies an evidence package offline, from the zip alone, and fails closed: entry names and
/// sizes, the strict manifest, file hashes, the checkpoint signature (by a key the auditor trusts,
/// else the verdict is Untrusted), every event's canonical bytes, leaf and chain hash, every
/// inclusion proof, events.csv against events.jsonl, every claim of the manifest recomputed from
/// the events, and for time-range packages the seq span and its neighbours. Never throws for a bad
/// package: every problem becomes a one-line finding.
/// </summary>
public static partial class EvidencePackageVerifier
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
        catch (PackageLimitException ex)
        {
            run.Add("package", null, null, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            run.Add("package", null, null, $"not a readable zip archive (truncated or corrupt): {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fail closed: whatever a hostile package triggers is a failed verification, not a crash.
            run.Add("package", null, null, $"verification stopped on an unexpected {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        }
        return run.Report(clock.Elapsed);
    }

    private sealed partial class VerificationRun(PackageVerificationOptions options)
    {
        private readonly List<PackageFinding> _findings = [];
        private readonly List<string> _warnings = [];
        private readonly PackageLimits _limits = options.Limits;
        private long _omitted;
        private long _events;
        private long _proofs;
        private PackageManifest? _manifest;
        private string? _signedBy;
        private string? _history;

        public void Add(string file, long? line, long? seq, string problem)
        {
            if (_findings.Count < options.MaxFindings) _findings.Add(Finding(file, line, seq, problem));
            else _omitted++;
        }

        private static PackageFinding Finding(string file, long? line, long? seq, string problem) =>
            new(PackageEntryNames.Printable(file), line, seq, problem.ReplaceLineEndings(" "));

        public PackageVerificationReport Report(TimeSpan elapsed) =>
            new(_findings, _omitted, _events, _proofs, _manifest, _signedBy, options.TrustedKeys.Count > 0, elapsed) { Warnings = _warnings, History = _history };

        public void Check(ZipArchive zip, CancellationToken ct)
        {
            var entries = ReadEntries(zip);
            if (!entries.TryGetValue(PackageFiles.Manifest, out var manifestEntry))
            {
                Add(PackageFiles.Manifest, null, null, "missing: this is not an evidence package");
                return;
            }
            try
            {
                _manifestBytes = ReadAll(manifestEntry, _limits.ManifestBytes);
                _manifest = PackageManifest.Parse(_manifestBytes);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                Add(PackageFiles.Manifest, null, null, $"not a valid manifest: {ex.Message}");
                return;
            }
            var version = _manifest.FormatVersion;
            if (_manifest.Format != PackageFiles.FormatName || version < PackageFiles.OldestFormatVersion || version > PackageFiles.FormatVersion)
            {
                Add(PackageFiles.Manifest, null, null,
                    $"unknown package format {_manifest.Format} version {version}; this verifier reads versions {PackageFiles.OldestFormatVersion} to {PackageFiles.FormatVersion}");
                return;
            }

            CheckFileHashes(entries, ct);
            CheckpointBody? checkpoint;
            ExportedEvent? exportEvent;
            try
            {
                checkpoint = CheckCheckpoint(entries);
                FindTlogProofs(entries);
                exportEvent = CheckEvents(entries, checkpoint, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Stopped before the event files were read through: their hashes are still reported, as the file pass would have.
                ResolveDeferredHashes(ct);
                throw;
            }
            ResolveDeferredHashes(ct);
            CheckTlogProofs(entries, checkpoint);
            CheckEnvelope(entries, exportEvent?.Event);
            CheckPersonalValues(entries, ct);
        }

        /// <summary>
        /// The zip's entries by name. Refused: names a zip tool could extract outside its folder or
        /// read differently, a name twice (readers disagree on which copy counts), sizes above the
        /// limits, and compression ratios DEFLATE cannot produce.
        /// </summary>
        private Dictionary<string, ZipArchiveEntry> ReadEntries(ZipArchive zip)
        {
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (PackageEntryNames.Problem(name) is { } problem)
                {
                    Add(name, null, null, problem + "; not read");
                    continue;
                }
                if (!entries.TryAdd(name, entry))
                {
                    Add(name, null, null, "appears more than once in the zip: readers disagree on which copy counts; the first was checked");
                    continue;
                }
                total += entry.Length;
                if (entry.Length > LimitFor(name))
                    Add(name, null, null, $"is {entry.Length} bytes uncompressed, more than the {LimitFor(name)} bytes allowed for this file");
                if (entry.Length > 1 << 20 && entry.Length / Math.Max(1, entry.CompressedLength) > _limits.MaxCompressionRatio)
                    Add(name, null, null, $"claims {entry.Length} bytes from {entry.CompressedLength} compressed, a ratio DEFLATE cannot reach: a forged header or a zip bomb");
            }
            if (total > _limits.TotalBytes)
                Add("package", null, null, $"its entries total {total} bytes uncompressed, more than the limit of {_limits.TotalBytes}");
            return entries;
        }

        private long LimitFor(string name) => name switch
        {
            PackageFiles.Manifest => _limits.ManifestBytes,
            PackageFiles.Checkpoint => _limits.SmallFileBytes,
            PackageFiles.VerifyInstructions => _limits.InstructionsBytes,
            PackageFiles.ManifestEnvelope => 4 * _limits.ManifestBytes,
            PackageFiles.ExportKey or PackageFiles.ExpiredHistory => _limits.SmallFileBytes,
            // A tlog-proof holds the checkpoint (itself up to SmallFileBytes) plus the path.
            _ when name.StartsWith(PackageFiles.TlogProofsFolder, StringComparison.Ordinal) => 2 * _limits.SmallFileBytes,
            _ when name.StartsWith(PackageFiles.KeysFolder, StringComparison.Ordinal) => _limits.SmallFileBytes,
            _ => _limits.TotalBytes,
        };

        private void CheckFileHashes(Dictionary<string, ZipArchiveEntry> entries, CancellationToken ct)
        {
            var listed = new Dictionary<string, ManifestFile>(StringComparer.Ordinal);
            foreach (var file in _manifest!.Files)
            {
                if (PackageEntryNames.Problem(file.Name) is { } problem)
                    Add(PackageFiles.Manifest, null, null, $"lists \"{PackageEntryNames.Printable(file.Name)}\", which {problem}");
                else if (file.Name == PackageFiles.Manifest)
                    Add(PackageFiles.Manifest, null, null, "lists itself; the manifest cannot hold its own hash");
                else if (!listed.TryAdd(file.Name, file))
                    Add(PackageFiles.Manifest, null, null, $"lists {file.Name} more than once");
            }
            foreach (var required in new[] { PackageFiles.EventsCsv, PackageFiles.EventsJsonLines, PackageFiles.Proofs, PackageFiles.Checkpoint })
                if (!listed.ContainsKey(required)) Add(PackageFiles.Manifest, null, null, $"does not list {required}");
            foreach (var v2 in new[] { PackageFiles.Boundaries, PackageFiles.ExportEvent })
                if (_manifest.FormatVersion < 2 && listed.ContainsKey(v2))
                    Add(PackageFiles.Manifest, null, null, $"lists {v2}, which format version {_manifest.FormatVersion} does not have");
            foreach (var file in listed.Values)
            {
                ct.ThrowIfCancellationRequested();
                if (!entries.TryGetValue(file.Name, out var entry))
                {
                    Add(file.Name, null, null, "listed in the manifest but missing from the package");
                    continue;
                }
                var limit = Math.Min(file.Bytes, LimitFor(file.Name));
                if (HashedWhileRead(file.Name))
                {
                    _deferredHashes.Add(new DeferredFileHash(file, entry, limit, _findings.Count));
                    continue;
                }
                var (bytes, sha) = HashEntry(entry, limit, ct);
                if (HashProblem(file, bytes, sha) is { } problem) Add(file.Name, null, null, problem);
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
                foreach (var line in ReadText(entry, _limits.SmallFileBytes).Split('\n'))
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
            var note = ReadText(checkpointEntry, _limits.SmallFileBytes);
            _checkpointNote = note;
            CheckpointBody body;
            try
            {
                var signed = SignedNote.Parse(note);
                var text = signed.Text;
                // The manifest names the key by its label; notes are signed under the origin's name, so the named
                // key counts when a signature line carries its label or when that key itself verifies the note.
                var named = _manifest!.Checkpoint.KeyId;
                if (!signed.Signatures.Any(s => $"{s.KeyName}+{s.KeyId:x8}" == named)
                    && !options.TrustedKeys.Concat(packageKeys).Where(k => k.Label == named).Any(k => new CheckpointKeyring([k]).Verify(note).IsValid))
                    Add(PackageFiles.Manifest, null, null, $"names checkpoint key {named}, which did not sign checkpoint.txt");
                body = CheckpointBody.Parse(text);
                // The log writes no extension lines; one here would be signed text this verifier does not understand.
                if (text != body.ToText()) Add(PackageFiles.Checkpoint, null, null, "has extension lines after the root hash, which this log never writes");
            }
            catch (FormatException ex)
            {
                Add(PackageFiles.Checkpoint, null, null, $"not a signed checkpoint: {ex.Message}");
                return null;
            }

            // Trust comes only from the auditor: keys/ is used to check integrity when no key is
            // given, and the verdict is then Untrusted (anyone can sign with a key they include).
            var pinned = options.TrustedKeys.Count > 0;
            var keys = pinned ? options.TrustedKeys : packageKeys;
            if (keys.Count == 0) Add(PackageFiles.KeysFolder, null, null, "no public key in the package: the checkpoint signature cannot be checked");
            else
            {
                var check = new CheckpointKeyring(keys).Verify(note);
                if (check.IsValid) _signedBy = check.Signer!.Label;
                else Add(PackageFiles.Checkpoint, null, null, (pinned ? "not signed by a trusted key: " : "signature does not verify: ") + check.Problem);
            }

            var m = _manifest!;
            if (!body.Origin.EndsWith("/" + m.TenantId, StringComparison.Ordinal))
                Add(PackageFiles.Checkpoint, null, null, $"origin \"{body.Origin}\" is not the log of tenant {m.TenantId}");
            if (body.TreeSize != m.Checkpoint.TreeSize || Convert.ToBase64String(body.RootHash) != m.Checkpoint.RootHash)
                Add(PackageFiles.Manifest, null, null, $"names checkpoint {m.Checkpoint.TreeSize} {m.Checkpoint.RootHash} but checkpoint.txt is {body.TreeSize} {Convert.ToBase64String(body.RootHash)}");
            return body;
        }

        private Stream Open(ZipArchiveEntry entry, long limit) => new LimitedReadStream(entry.Open(), Math.Min(limit, entry.Length), entry.FullName);

        private byte[] ReadAll(ZipArchiveEntry entry, long limit)
        {
            using var stream = Open(entry, limit);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }

        private string ReadText(ZipArchiveEntry entry, long limit) => Encoding.UTF8.GetString(ReadAll(entry, limit));

        /// <summary>Size and SHA-256 of an entry, reading no more than <paramref name="limit"/> bytes; null hash when unreadable or larger.</summary>
        private (long Bytes, string? Sha) HashEntry(ZipArchiveEntry entry, long limit, CancellationToken ct)
        {
            try
            {
                using var hashing = new HashingReadStream(Open(entry, limit));
                return hashing.Finish(ct) is { } hashed ? hashed : (0, null);
            }
            catch (InvalidDataException)
            {
                // Opening the entry failed already (an unsupported compression method, a corrupt header).
                return (0, null);
            }
        }
    }
}
