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
        if (fixManifest)
        {
            var manifest = PackageManifest.Parse(files[PackageFiles.Manifest]);
            manifest = manifest with
            {
                Files = manifest.Files.Select(f => files.TryGetValue(f.Name, out var b)
                    ? f with { Bytes = b.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(b)) } : f).ToList(),
            };
            files[PackageFiles.Manifest] = manifest.ToJsonBytes();
        }
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (n, bytes) in files)
            {
                using var s = zip.CreateEntry(n).Open();
                s.Write(bytes);
            }
        }
        return output.ToArray();
    }

    /// <summary>Removes the 1-based line <paramref name="line"/> of a text file.</summary>
    public static Func<string, string> DropLine(int line) => text =>
    {
        var lines = text.Split('\n').ToList();
        lines.RemoveAt(line - 1);
        return string.Join('\n', lines);
    };
}
