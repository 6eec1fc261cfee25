using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// A record whose oldest changes were removed by retention: its first remaining change links to an
/// expired seq. A retention archive record covering that seq turns "missing" into "expired by policy";
/// without one, or for a gap later in the history, the change is still missing.
/// </summary>
public sealed class ExpiredHistoryTests
{
    // contract/42 changed at seqs 3 and 7 (archived with seqs 1..5), then at 12 and 20; the export event at 25 links to 20.
    private static readonly ExpiredSpan Archive = new(Guid.Parse("0190f000-0000-7000-8000-000000000001"),
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero),
        5, 1, 8, 8, "s3://archive/acme/2025-01.zip", new string('a', 64));

    private static ExportedEvent Row(long seq, long? prevRecord, string changeKind = "update") =>
        new(new AuditEvent
        {
            TenantId = "acme", Id = Guid.CreateVersion7(), ActorId = "u-1", ActorKind = "user",
            Action = changeKind == "access" ? "audit_log.export" : "contract.update", ChangeKind = changeKind,
            EntityType = "contract", EntityId = "42",
        }, seq, new byte[32], new byte[32], new byte[32])
        { Links = EventLinks.Linked(prevRecord, null) };

    private static (List<string> Findings, List<string> Warnings, string? Proven) Check(IReadOnlyList<ExpiredSpan> archives, params ExportedEvent[] rows)
    {
        var check = HistoryCompleteness.For(new ManifestFilter("contract", "42", null, null, null, null, null, false))!;
        check.Expired = archives;
        var line = 0;
        foreach (var row in rows) check.Add(row, ++line);
        var findings = new List<string>();
        var warnings = new List<string>();
        check.Finish(Row(25, 20, "access"), (_, seq, problem) => findings.Add($"seq {seq}: {problem}"), warnings.Add);
        return (findings, warnings, check.Proven);
    }

    [Fact]
    public void A_first_change_linking_into_an_archived_span_is_expired_by_policy_not_missing()
    {
        var (findings, warnings, proven) = Check([Archive], Row(12, 7), Row(20, 12));

        Assert.Empty(findings);
        var warning = Assert.Single(warnings);
        Assert.StartsWith("earlier changes of record contract/42 expired by policy, archived at s3://archive/acme/2025-01.zip", warning);
        Assert.Contains("seq 12 links back to seq 7", warning);
        Assert.Contains("Earlier changes expired by policy", proven);
    }

    [Fact]
    public void Without_a_covering_archive_record_the_linked_change_is_missing()
    {
        var elsewhere = Archive with { FirstSeq = 1, LastSeq = 5 };

        var (none, _, _) = Check([], Row(12, 7), Row(20, 12));
        var (uncovered, _, _) = Check([elsewhere], Row(12, 7), Row(20, 12));

        Assert.Equal("seq 12: seq 7 of record contract/42 is missing: seq 12 links back to it (an event was dropped)", Assert.Single(none));
        Assert.Equal(none, uncovered);
    }

    [Fact]
    public void An_archive_record_does_not_excuse_a_gap_after_the_first_remaining_change()
    {
        // Seq 15 was dropped: 20 links to it. The archive covers seq 7, the first change's link, not 15.
        var (findings, warnings, _) = Check([Archive], Row(12, 7), Row(20, 15));

        Assert.Equal("seq 20: seq 15 of record contract/42 is missing: seq 20 links back to it (an event was dropped)", Assert.Single(findings));
        Assert.Contains("expired by policy", Assert.Single(warnings));
    }

    [Fact]
    public void Expired_span_lines_round_trip_and_unknown_members_are_refused()
    {
        var line = Archive.ToJsonLine();

        Assert.Equal(Archive, ExpiredSpan.Parse(System.Text.Encoding.UTF8.GetBytes(line)));
        Assert.Throws<FormatException>(() => ExpiredSpan.Parse(System.Text.Encoding.UTF8.GetBytes(line[..^1] + ",\"extra\":1}")));
    }
}
