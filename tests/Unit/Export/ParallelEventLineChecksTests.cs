using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// events.jsonl lines are checked in parallel batches while the range proof, the chain and events.csv are checked in
/// file order; what the auditor reads must not depend on where a batch starts or ends.
/// </summary>
public sealed class ParallelEventLineChecksTests : IDisposable
{
    // More than two batches of lines, so edits land in batches checked on different threads.
    private readonly SamplePackage _log = new(logSize: 5000);

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task Changed_events_in_different_batches_are_reported_in_file_order_and_every_event_is_counted()
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, SamplePackage.ChangeAmounts(4500, 17, 2100, 4096), fixManifest: true);

        var report = Verify(edited);

        var changed = report.Findings.Where(f => f.File == PackageFiles.EventsJsonLines && f.Problem.Contains("leaf hash")).ToList();
        Assert.Equal([17L, 2100L, 4096L, 4500L], changed.Select(f => f.Line!.Value));
        Assert.Equal([17L, 2100L, 4096L, 4500L], changed.Select(f => f.Seq!.Value));
        var lines = report.Findings.Where(f => f.File == PackageFiles.EventsJsonLines).Select(f => f.Line ?? 0).ToList();
        Assert.Equal(lines.Order(), lines);
        Assert.Equal(5000, report.EventsChecked);
        Assert.False(report.IsValid);
    }

    /// <summary>Verifies the package from a file, as the CLI and the retention job do, and from memory; both reports must say the same.</summary>
    private PackageVerificationReport Verify(byte[] package)
    {
        var options = new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey] };
        var path = Path.Combine(Path.GetTempPath(), $"ae-parallel-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, package);
        try
        {
            var fromFile = EvidencePackageVerifier.Verify(path, options);
            var fromMemory = EvidencePackageVerifier.Verify(new MemoryStream(package), options);
            Assert.Equal(fromMemory.Findings, fromFile.Findings);
            Assert.Equal((fromMemory.EventsChecked, fromMemory.ProofsChecked, fromMemory.FindingsOmitted, fromMemory.Verdict),
                (fromFile.EventsChecked, fromFile.ProofsChecked, fromFile.FindingsOmitted, fromFile.Verdict));
            return fromFile;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private string IdOf(long seq) => _log.IdOf(seq);

    [Fact]
    public async Task Changed_csv_rows_in_different_batches_are_reported_in_file_order()
    {
        var package = PackageEditor.Edit(await _log.BuildAsync(), PackageFiles.EventsCsv, _log.ChangeCsvAction("contract.erased", 4500, 17, 2100, 4096), fixManifest: true);

        var report = Verify(package);

        var csv = report.Findings.Where(f => f.File == PackageFiles.EventsCsv).ToList();
        Assert.Equal([17L, 2100L, 4096L, 4500L], csv.Select(f => f.Seq!.Value));
        Assert.All(csv, f => Assert.Equal("column action differs from events.jsonl", f.Problem));
        Assert.Equal(csv.Select(f => f.Line!.Value).Order(), csv.Select(f => f.Line!.Value));
        Assert.False(report.IsValid);
    }

    [Fact]
    public async Task A_csv_row_missing_in_a_later_batch_stops_the_comparison_there()
    {
        // Seq 3000's row goes; later rows are each one place early, and seq 4500's is also changed.
        var package = PackageEditor.Edit(await _log.BuildAsync(), PackageFiles.EventsCsv,
            text => _log.ChangeCsvAction("contract.erased", 4500)(_log.DropCsvRow(3000)(text)), fixManifest: true);

        var report = Verify(package);

        var csv = report.Findings.Where(f => f.File == PackageFiles.EventsCsv).Select(f => (f.Seq, f.Problem)).ToList();
        Assert.Equal(
        [
            (3000L, $"is seq 3001 id {IdOf(3001)} but events.jsonl has seq 3000 id {IdOf(3000)} here; later rows not compared"),
            (null, "holds 3000 rows but the manifest says 5000"),
        ], csv);
        Assert.Equal(5000, report.EventsChecked);
    }

    [Fact]
    public async Task A_time_range_starting_mid_tree_is_proven_across_batches_and_fails_when_one_event_changes()
    {
        var package = await _log.BuildAsync(first: 777, last: 4999);
        Assert.True(Verify(package).IsValid, string.Join("\n", Verify(package).Findings));

        var edited = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, SamplePackage.ChangeAmounts(3001), fixManifest: true);
        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsJsonLines && f.Line == 3001 && f.Problem.Contains("leaf hash"));
        Assert.Contains(report.Findings, f => f.File == PackageFiles.Proofs && f.Problem.Contains("do not lead to the checkpoint root"));
    }

    [Fact]
    public async Task An_event_missing_inside_a_batch_is_named_by_the_range_proof()
    {
        // Line 3000 (seq 3000) goes, in the middle of the second batch: the range proof names the line where the seqs jump.
        var package = PackageEditor.Edit(await _log.BuildAsync(), PackageFiles.EventsJsonLines, PackageEditor.DropLine(3000), fixManifest: true);

        var report = Verify(package);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsJsonLines && f.Seq == 3001 && f.Problem == "seq 3000 is missing: the time range is incomplete");
        var proof = Assert.Single(report.Findings, f => f.File == PackageFiles.Proofs);
        Assert.Equal("events.jsonl line 3000 holds seq 3001 where the range proof expects seq 3000: the span of seqs 1 to 5000 is not proven", proof.Problem);
    }

    [Fact]
    public async Task A_csv_too_large_to_read_stops_verification_where_it_was_read_with_the_counts_there()
    {
        // One early row carries a cell larger than events.csv may be (three times events.jsonl): reading stops inside the loop.
        var package = PackageEditor.Edit(await _log.BuildAsync(), PackageFiles.EventsCsv,
            _log.ChangeCsvAction("contract." + new string('x', 12 << 20), 100), fixManifest: true);

        var report = Verify(package);

        var last = report.Findings[^1];
        Assert.Equal("package", last.File);
        Assert.Contains("events.csv is larger than", last.Problem);
        Assert.Equal(100, report.EventsChecked);
        Assert.DoesNotContain(report.Findings, f => f.Problem.StartsWith("holds", StringComparison.Ordinal));
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
