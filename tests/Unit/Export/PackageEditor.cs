using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>Rewrites files of a package zip, optionally fixing the manifest hashes as a careful forger would.</summary>
internal static class PackageEditor
{
    public static Dictionary<string, byte[]> Unzip(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    public static string Text(byte[] package, string name) => Encoding.UTF8.GetString(Unzip(package)[name]);

    public static byte[] Edit(byte[] package, string name, Func<string, string> change, bool fixManifest = false)
    {
        var files = Unzip(package);
        files[name] = Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(files[name])));
        if (fixManifest) files[PackageFiles.Manifest] = Rehash(files, PackageManifest.Parse(files[PackageFiles.Manifest])).ToJsonBytes();
        return Zip(files.Select(f => (f.Key, f.Value)));
    }

    /// <summary>
    /// Rewrites several files and the manifest, as a forger who controls everything but the signing
    /// key would: <paramref name="change"/> edits the files (add, remove, replace) and the manifest
    /// object; every listed file's size and hash are then recomputed, and new files are listed.
    /// </summary>
    public static byte[] Forge(byte[] package, Func<Dictionary<string, byte[]>, PackageManifest, PackageManifest> change)
    {
        var files = Unzip(package);
        var manifest = change(files, PackageManifest.Parse(files[PackageFiles.Manifest]));
        var listed = manifest.Files.Select(f => f.Name).ToHashSet();
        manifest = manifest with
        {
            Files = [.. manifest.Files.Where(f => files.ContainsKey(f.Name)),
                .. files.Keys.Where(n => n != PackageFiles.Manifest && !listed.Contains(n)).Select(n => new ManifestFile(n, 0, ""))],
        };
        files[PackageFiles.Manifest] = Rehash(files, manifest).ToJsonBytes();
        return Zip(files.Select(f => (f.Key, f.Value)));
    }

    private static PackageManifest Rehash(Dictionary<string, byte[]> files, PackageManifest manifest) => manifest with
    {
        Files = manifest.Files.Select(f => files.TryGetValue(f.Name, out var b)
            ? f with { Bytes = b.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(b)) } : f).ToList(),
    };

    /// <summary>A zip of exactly these entries, in this order (names taken as given, duplicates allowed).</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (n, bytes) in entries)
            {
                using var s = zip.CreateEntry(n).Open();
                s.Write(bytes);
            }
        }
        return output.ToArray();
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Removes the 1-based line <paramref name="line"/> of a text file.</summary>
    public static Func<string, string> DropLine(int line) => text =>
    {
        var lines = text.Split('\n').ToList();
        lines.RemoveAt(line - 1);
        return string.Join('\n', lines);
    };
}
