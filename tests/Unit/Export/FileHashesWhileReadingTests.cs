using System.Security.Cryptography;
using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// events.jsonl and events.csv are hashed by the pass that checks their events instead of a pass of their own.
/// The report must not show it: hash findings keep the place the file pass gave them, the hash covers every byte
/// even when the checks stop reading early, and a limit on findings keeps the same first ones.
/// </summary>
public sealed class FileHashesWhileReadingTests : IDisposable
{
    private readonly SamplePackage _log = new(logSize: 3000);

    public void Dispose() => _log.Dispose();

    private PackageVerificationReport Verify(byte[] package, int maxFindings = 200) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey], MaxFindings = maxFindings });

    /// <summary>Both event files edited and the manifest left as it was: each file's hash is wrong and its lines too.</summary>
    private async Task<byte[]> BothFilesEditedAsync()
    {
        var package = PackageEditor.Edit(await _log.BuildAsync(), PackageFiles.EventsJsonLines, SamplePackage.ChangeAmounts(17, 1500, 2999));
        return PackageEditor.Edit(package, PackageFiles.EventsCsv, _log.ChangeCsvAction("contract.erased", 42));
    }

    [Fact]
    public async Task Hash_findings_come_in_manifest_order_before_the_findings_of_any_line()
    {
        var package = await BothFilesEditedAsync();

        var report = Verify(package);

        // events.jsonl grew, so it is "larger than the manifest says"; events.csv kept its size and changed its hash.
        var hashes = report.Findings.Select((f, i) => (f, i)).Where(x => x.f.Line is null
            && (x.f.Problem.StartsWith("SHA-256 ", StringComparison.Ordinal) || x.f.Problem.StartsWith("cannot be read", StringComparison.Ordinal))).ToList();
        var listed = PackageManifest.Parse(PackageEditor.Unzip(package)[PackageFiles.Manifest]).Files.Select(f => f.Name)
            .Where(n => n is PackageFiles.EventsJsonLines or PackageFiles.EventsCsv).ToList();
        Assert.Equal(listed, hashes.Select(x => x.f.File));
        var firstLine = report.Findings.ToList().FindIndex(f => f.Line is not null);
        Assert.True(firstLine > hashes[^1].i, string.Join("\n", report.Findings));
        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsJsonLines && f.Line == 2999);
        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsCsv && f.Seq == 42);
    }

    [Fact]
    public async Task The_hash_covers_the_whole_file_when_the_checks_stop_reading_it_early()
    {
        // Row 10 of events.csv goes: the comparison stops there, yet the hash is of every byte of the edited file.
        var package = PackageEditor.Edit(await _log.BuildAsync(), PackageFiles.EventsCsv, _log.DropCsvRow(10));
        var csv = PackageEditor.Unzip(package)[PackageFiles.EventsCsv];

        var report = Verify(package);

        var hash = Assert.Single(report.Findings, f => f.File == PackageFiles.EventsCsv && f.Problem.StartsWith("SHA-256 ", StringComparison.Ordinal));
        Assert.StartsWith($"SHA-256 {Convert.ToHexStringLower(SHA256.HashData(csv))} ({csv.Length} bytes) does not match", hash.Problem);
        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsCsv && f.Problem.EndsWith("later rows not compared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_limit_on_findings_keeps_the_first_ones_of_the_full_report()
    {
        var package = await BothFilesEditedAsync();

        var full = Verify(package);
        foreach (var limit in new[] { 1, 2, 3, 5 })
        {
            var limited = Verify(package, limit);
            Assert.Equal(full.Findings.Take(limit), limited.Findings);
            Assert.Equal(full.Findings.Count - limit, limited.FindingsOmitted);
        }
        Assert.True(full.Findings.Count > 5);
    }

    [Fact]
    public async Task An_untouched_package_has_no_hash_finding()
    {
        var report = Verify(await _log.BuildAsync());

        Assert.True(report.IsValid, string.Join("\n", report.Findings));
    }
}
