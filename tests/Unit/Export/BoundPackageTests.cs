using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// A bound package carries the export's own sealed access event: the manifest's exporter, reason
/// and filter must be what the log recorded, so changing them fails verification.
/// </summary>
public sealed class BoundPackageTests : IDisposable
{
    // Seq 10 is the export's access event for an export of seqs 1..6 (action contract.update).
    private readonly SamplePackage _log = new(logSize: 10, make: i => i == 9 ? SamplePackage.ExportEvent(i, last: 6) : SamplePackage.MakeEvent(i));

    public void Dispose() => _log.Dispose();

    private PackageVerificationReport Verify(byte[] package) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey] });

    private Task<byte[]> BoundAsync() => _log.BuildAsync(first: 1, last: 6, timeRange: false, exportEventSeq: 10);

    [Fact]
    public async Task A_bound_package_is_trusted_without_the_unbound_warning_and_an_unbound_one_warns()
    {
        var bound = Verify(await BoundAsync());
        var unbound = Verify(await _log.BuildAsync(first: 1, last: 6, timeRange: false));

        Assert.Equal(PackageVerdict.Trusted, bound.Verdict);
        Assert.True(bound.IsValid, string.Join("\n", bound.Findings));
        Assert.Empty(bound.Warnings);
        Assert.Equal(7, bound.ProofsChecked); // six events and the export event
        Assert.Equal(PackageVerdict.Trusted, unbound.Verdict);
        Assert.Contains("not bound to the log", Assert.Single(unbound.Warnings));
    }

    [Fact]
    public async Task A_package_relabelled_with_another_format_version_contradicts_the_recorded_access_event()
    {
        var relabelled = Verify(await _log.BuildAsync(first: 1, last: 6, timeRange: false, exportEventSeq: 10, formatVersion: 2));

        var finding = Assert.Single(relabelled.Findings);
        Assert.Equal((PackageFiles.ExportEvent, 10L), (finding.File, finding.Seq!.Value));
        Assert.Equal($"recorded package format version {PackageFiles.FormatVersion}, but the manifest says 2", finding.Problem);
    }

    [Fact]
    public async Task A_changed_reason_contradicts_the_recorded_access_event()
    {
        var forged = PackageEditor.Forge(await BoundAsync(), (_, m) => m with { Reason = "routine check" });

        var report = Verify(forged);

        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((PackageFiles.ExportEvent, 10L), (finding.File, finding.Seq!.Value));
        Assert.Equal("recorded reason \"annual audit\", but the manifest says \"routine check\"", finding.Problem);
    }

    [Fact]
    public async Task A_narrowed_filter_or_another_exporter_contradicts_the_recorded_access_event()
    {
        var package = await BoundAsync();
        var narrowed = PackageEditor.Forge(package, (files, m) =>
        {
            // Drop the last event so the events still satisfy the narrower range.
            files[PackageFiles.EventsJsonLines] = PackageEditor.Bytes(PackageEditor.DropLine(6)(PackageEditor.Text(files[PackageFiles.EventsJsonLines])));
            files[PackageFiles.EventsCsv] = PackageEditor.Bytes(PackageEditor.DropLine(7)(PackageEditor.Text(files[PackageFiles.EventsCsv])));
            files[PackageFiles.Proofs] = PackageEditor.Bytes(PackageEditor.DropLine(6)(PackageEditor.Text(files[PackageFiles.Proofs])));
            files.Remove("tlog-proofs/6.tlog-proof");
            return m with
            {
                Filter = m.Filter with { To = _log.Log[5].Event.OccurredAt },
                Counts = m.Counts with { Events = 5, CsvRows = 5, Proofs = 6 },
            };
        });
        var otherExporter = PackageEditor.Forge(package, (_, m) => m with { Exporter = m.Exporter with { SubjectId = "usr_mallory" } });

        var narrowedReport = Verify(narrowed);
        var exporterReport = Verify(otherExporter);

        Assert.Contains("recorded filter.to", Assert.Single(narrowedReport.Findings).Problem);
        Assert.Contains("but the manifest names user usr_mallory", Assert.Single(exporterReport.Findings).Problem);
    }

    [Fact]
    public async Task Removing_the_export_events_proof_is_a_finding()
    {
        var forged = PackageEditor.Forge(await BoundAsync(), (files, m) =>
        {
            files[PackageFiles.Proofs] = PackageEditor.Bytes(PackageEditor.DropLine(7)(PackageEditor.Text(files[PackageFiles.Proofs])));
            return m with { Counts = m.Counts with { Proofs = 6, BoundaryProofs = 0 } };
        });

        var report = Verify(forged);

        Assert.Contains(report.Findings, f => f.Problem == "the proof of the export's access event is missing");
    }
}
