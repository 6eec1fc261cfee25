using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>Random damage to any file of a package is always a named finding, never an unexpected error.</summary>
public sealed class PackageFuzzTests : IDisposable
{
    private readonly SamplePackage _log = new(logSize: 6);

    /// <summary>Bytes that matter to JSON, CSV, base64 and lines, and one that is not UTF-8 on its own.</summary>
    private static readonly byte[] Damage = [.. "{}[]\",:0a\\ \n+/="u8, 0xff];

    public void Dispose() => _log.Dispose();

    private static bool SameManifest(byte[] a, byte[] b)
    {
        try
        {
            return PackageManifest.Parse(a).ToJsonBytes().AsSpan().SequenceEqual(PackageManifest.Parse(b).ToJsonBytes());
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData(PackageFiles.EventsJsonLines)]
    [InlineData(PackageFiles.Proofs)]
    [InlineData(PackageFiles.Boundaries)]
    [InlineData(PackageFiles.Manifest)]
    [InlineData(PackageFiles.Checkpoint)]
    [InlineData(PackageFiles.EventsCsv)]
    public async Task Random_byte_changes_fail_with_specific_findings(string file)
    {
        var package = await _log.BuildAsync(first: 2, last: 5);
        var random = new Random(42);
        var original = PackageEditor.Unzip(package)[file];
        for (var round = 0; round < 60; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < 1 + round % 4; k++)
                bytes[random.Next(bytes.Length)] = Damage[random.Next(Damage.Length)];
            if (bytes.AsSpan().SequenceEqual(original)) continue;
            var damaged = PackageEditor.Forge(package, (files, m) =>
            {
                files[file] = bytes;
                return m;
            });
            if (file == PackageFiles.Manifest)
                damaged = PackageEditor.Zip([.. PackageEditor.Unzip(package).Where(f => f.Key != file).Select(f => (f.Key, f.Value)), (file, bytes)]);

            var report = EvidencePackageVerifier.Verify(new MemoryStream(damaged), new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey] });

            Assert.DoesNotContain(report.Findings, f => f.Problem.StartsWith("verification stopped on an unexpected", StringComparison.Ordinal));
            if (file == PackageFiles.Manifest && SameManifest(original, bytes)) continue; // whitespace only: the same claims
            Assert.Equal(PackageVerdict.Failed, report.Verdict);
        }
    }
}
