using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// "Every change to contract 42": a package whose exporter left a change out, cut the newest off, reordered
/// lines or slipped in another record's event is rejected with a one-line finding naming the seq, while
/// every proof and the checkpoint are genuine.
/// </summary>
public sealed class RecordHistoryPackageTests : IDisposable
{
    private readonly RecordHistoryPackage _log = new();

    public void Dispose() => _log.Dispose();

    private static List<string> Problems(PackageVerificationReport report) => report.Findings.Select(f => $"seq {f.Seq}: {f.Problem}").ToList();

    [Fact]
    public async Task The_honest_record_export_is_trusted_and_complete_up_to_its_export_event()
    {
        var report = _log.Verify(await _log.BuildAsync());

        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Empty(report.Warnings);
        Assert.Equal("History of record contract/42 complete: all 6 changes up to the export's own event (seq 11) are here, each linked to the one before.", report.History);
    }

    [Fact]
    public async Task A_dropped_change_fails_with_its_seq()
    {
        var rows = _log.HonestRows().Where(r => r.Seq != 6).ToList();

        var report = _log.Verify(await _log.BuildAsync(rows));

        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        Assert.Equal(["seq 8: seq 6 of record contract/42 is missing: seq 8 links back to it (an event was dropped)"], Problems(report));
    }

    [Fact]
    public async Task A_trimmed_tail_fails_against_the_export_events_link()
    {
        var rows = _log.HonestRows().Where(r => r.Seq < 10).ToList(); // seqs 10 and 12 cut off

        var report = _log.Verify(await _log.BuildAsync(rows));
        var unbound = _log.Verify(await _log.BuildAsync(rows, bound: false));

        Assert.Equal(["seq 11: seq 10, the newest change of record contract/42 before the export (seq 11), is missing: the history was cut short"], Problems(report));
        Assert.Equal(PackageVerdict.Trusted, unbound.Verdict); // without the export event a cut tail cannot show ...
        Assert.Contains(unbound.Warnings, w => w.Contains("the tail is the exporter's word")); // ... and the verdict says so
    }

    [Fact]
    public async Task Reordered_lines_fail_with_the_seq_out_of_place()
    {
        var rows = _log.HonestRows();
        (rows[1], rows[2]) = (rows[2], rows[1]);

        var report = _log.Verify(await _log.BuildAsync(rows));

        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        Assert.Contains(report.Findings, f => f.Seq == 3 && f.Problem.StartsWith("is out of order", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_added_event_of_another_record_fails_with_its_seq()
    {
        var rows = _log.HonestRows();
        rows.Insert(1, _log.Log[1]); // seq 2 is contract/7's

        var report = _log.Verify(await _log.BuildAsync(rows));

        Assert.Contains(report.Findings, f => f.Seq == 2 && f.Problem.Contains("entity id \"7\""));
    }
}
