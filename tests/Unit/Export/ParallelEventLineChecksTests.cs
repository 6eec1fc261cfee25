using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>events.jsonl lines are checked in parallel batches; what the auditor reads must not depend on it.</summary>
public sealed class ParallelEventLineChecksTests : IDisposable
{
    // More than two batches of lines, so edits land in batches checked on different threads.
    private readonly SamplePackage _log = new(logSize: 5000);

    public void Dispose() => _log.Dispose();

    private static Func<string, string> EditLines(params int[] lines) => text =>
    {
        var all = text.Split('\n');
        foreach (var line in lines) all[line - 1] = all[line - 1].Replace("\"amount\":", "\"amount\":1", StringComparison.Ordinal);
        return string.Join('\n', all);
    };

    [Fact]
    public async Task Changed_events_in_different_batches_are_reported_in_file_order_and_every_event_is_counted()
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, EditLines(4500, 17, 2100, 4096), fixManifest: true);

        var report = EvidencePackageVerifier.Verify(new MemoryStream(edited), new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey] });

        var changed = report.Findings.Where(f => f.File == PackageFiles.EventsJsonLines && f.Problem.Contains("leaf hash")).ToList();
        Assert.Equal([17L, 2100L, 4096L, 4500L], changed.Select(f => f.Line!.Value));
        Assert.Equal([17L, 2100L, 4096L, 4500L], changed.Select(f => f.Seq!.Value));
        var lines = report.Findings.Where(f => f.File == PackageFiles.EventsJsonLines).Select(f => f.Line ?? 0).ToList();
        Assert.Equal(lines.Order(), lines);
        Assert.Equal(5000, report.EventsChecked);
        Assert.False(report.IsValid);
    }

    [Fact]
    public async Task An_untouched_package_of_several_batches_is_valid()
    {
        var report = EvidencePackageVerifier.Verify(new MemoryStream(await _log.BuildAsync()),
            new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey] });

        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Equal(5000, report.EventsChecked);
    }
}
