using System.IO.Compression;

namespace AuditExplorer.Data.Export;

public static partial class EvidencePackageVerifier
{
    private sealed partial class VerificationRun
    {
        /// <summary>
        /// A listed file hashed while the event checks read it (events.jsonl and events.csv, most of a package's
        /// bytes), and its finding's place: the position the file-hash pass would have given it, so the report reads
        /// the same as when every file was hashed before the events.
        /// </summary>
        private sealed record DeferredFileHash(ManifestFile File, ZipArchiveEntry Entry, long Limit, int Position)
        {
            public HashingReadStream? Reading { get; set; }
        }

        private readonly List<DeferredFileHash> _deferredHashes = [];

        /// <summary>The files the event checks read from start to end; their hashes are taken on the way.</summary>
        private static bool HashedWhileRead(string name) => name is PackageFiles.EventsJsonLines or PackageFiles.EventsCsv;

        /// <summary>Opens an entry for the event checks; a file whose hash waits for this read is hashed by it.</summary>
        private Stream OpenHashed(ZipArchiveEntry entry, long limit)
        {
            var stream = Open(entry, limit);
            var deferred = _deferredHashes.FirstOrDefault(d => d.Entry == entry && d.Reading is null);
            if (deferred is null) return stream;
            return deferred.Reading = new HashingReadStream(stream);
        }

        /// <summary>
        /// Finishes every waiting hash (reading what the checks left, or hashing the entry afresh when its read failed or
        /// never happened) and puts each mismatch at its place among the findings.
        /// </summary>
        private void ResolveDeferredHashes(CancellationToken ct)
        {
            // Taken off the list first: a read that throws here must not leave a file to be resolved (and inserted) twice.
            var waiting = _deferredHashes.ToArray();
            _deferredHashes.Clear();
            var inserted = 0;
            foreach (var deferred in waiting)
            {
                var (bytes, sha) = deferred.Reading?.Finish(ct) switch
                {
                    { } read when read.Bytes <= deferred.Limit => read,
                    // Read through but longer than the manifest says: a read bounded by it would have failed.
                    { } => (0, null),
                    null => HashEntry(deferred.Entry, deferred.Limit, ct),
                };
                if (HashProblem(deferred.File, bytes, sha) is not { } problem) continue;
                Insert(deferred.Position + inserted, deferred.File.Name, problem);
                inserted++;
            }
        }

        private static string? HashProblem(ManifestFile file, long bytes, string? sha) =>
            sha is null ? "cannot be read: the zip entry is corrupt or larger than the manifest says"
            : !string.Equals(sha, file.Sha256, StringComparison.Ordinal) || bytes != file.Bytes
                ? $"SHA-256 {sha} ({bytes} bytes) does not match the manifest ({file.Sha256}, {file.Bytes} bytes): the file was changed"
                : null;

        /// <summary>Adds a finding at an earlier place; the report keeps the first findings up to the limit, as if it had been added then.</summary>
        private void Insert(int position, string file, string problem)
        {
            if (position >= options.MaxFindings)
            {
                _omitted++;
                return;
            }
            _findings.Insert(position, Finding(file, null, null, problem));
            if (_findings.Count <= options.MaxFindings) return;
            _findings.RemoveAt(_findings.Count - 1);
            _omitted++;
        }
    }
}
