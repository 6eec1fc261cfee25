using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Integration.Export;

/// <summary>Edits a package the way a forger without the signing key could: files changed, the manifest's counts and hashes redone.</summary>
internal static class PackageEdits
{
    /// <summary>The package with one event removed from events.jsonl, events.csv and proofs.jsonl.</summary>
    public static byte[] WithoutEvent(byte[] zip, long seq)
    {
        var files = Read(zip);
        var prefix = $"{{\"seq\":{seq},";
        files[PackageFiles.EventsJsonLines] = Keep(files[PackageFiles.EventsJsonLines], l => !l.StartsWith(prefix, StringComparison.Ordinal));
        files[PackageFiles.Proofs] = Keep(files[PackageFiles.Proofs], l => !l.StartsWith(prefix, StringComparison.Ordinal));
        files[PackageFiles.EventsCsv] = Keep(files[PackageFiles.EventsCsv], l => !l.StartsWith($"{seq},", StringComparison.Ordinal));
        var m = PackageManifest.Parse(files[PackageFiles.Manifest]);
        // A careful forger removes the event's tlog-proof too.
        var tlogProof = EvidencePackageAssembler.TlogProofName(seq);
        files.Remove(tlogProof);
        m = m with { Files = m.Files.Where(f => f.Name != tlogProof).ToList() };
        return Write(files, m with { Counts = m.Counts with { Events = m.Counts.Events - 1, CsvRows = m.Counts.CsvRows - 1, Proofs = m.Counts.Proofs - 1 } });
    }

    /// <summary>The package with one file rewritten and the manifest rehashed.</summary>
    public static byte[] WithFile(byte[] zip, string name, Func<string, string> change)
    {
        var files = Read(zip);
        files[name] = Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(files[name])));
        return Write(files, PackageManifest.Parse(files[PackageFiles.Manifest]));
    }

    /// <summary>The package with its first two events swapped in every file (their proofs with them).</summary>
    public static byte[] WithFirstTwoEventsSwapped(byte[] zip)
    {
        var files = Read(zip);
        files[PackageFiles.EventsJsonLines] = SwapFirstTwo(files[PackageFiles.EventsJsonLines], 0);
        files[PackageFiles.Proofs] = SwapFirstTwo(files[PackageFiles.Proofs], 0);
        files[PackageFiles.EventsCsv] = SwapFirstTwo(files[PackageFiles.EventsCsv], 1);
        return Write(files, PackageManifest.Parse(files[PackageFiles.Manifest]));
    }

    private static Dictionary<string, byte[]> Read(byte[] zip)
    {
        var files = new Dictionary<string, byte[]>();
        using var archive = new ZipArchive(new MemoryStream(zip));
        foreach (var e in archive.Entries)
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            files[e.FullName] = m.ToArray();
        }
        return files;
    }

    private static byte[] Keep(byte[] file, Func<string, bool> keep) =>
        Encoding.UTF8.GetBytes(string.Join('\n', Encoding.UTF8.GetString(file).Split('\n').Where(keep)));

    // Event values here hold no line breaks, so one CSV row is one line.
    private static byte[] SwapFirstTwo(byte[] file, int header)
    {
        var lines = Encoding.UTF8.GetString(file).Split('\n');
        (lines[header], lines[header + 1]) = (lines[header + 1], lines[header]);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] Write(Dictionary<string, byte[]> files, PackageManifest manifest)
    {
        manifest = manifest with
        {
            Files = manifest.Files.Select(f => f with { Bytes = files[f.Name].Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(files[f.Name])) }).ToList(),
        };
        files[PackageFiles.Manifest] = manifest.ToJsonBytes();
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in files)
            {
                using var s = archive.CreateEntry(name).Open();
                s.Write(bytes);
            }
        return output.ToArray();
    }
}
