using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// Record and actor histories are complete when every exported change links to the one before and
/// the export's own sealed event links to the last: a dropped, added or cut-off change is named by seq.
/// </summary>
public sealed class HistoryCompletenessTests
{
    // contract/42's changes at seqs 3, 7, 12, 20 (each linking to the one before); the export event at 25 links to 20.
    private static readonly long[] Changes = [3, 7, 12, 20];

    private static ExportedEvent Row(long seq, long? prevRecord, string changeKind = "update", string entityId = "42", int format = 2) =>
        new(new AuditEvent
        {
            TenantId = "acme", Id = Guid.CreateVersion7(), ActorId = "u-1", ActorKind = "user",
            Action = changeKind == "access" ? "audit_log.export" : "contract.update", ChangeKind = changeKind,
            EntityType = "contract", EntityId = entityId,
        }, seq, new byte[32], new byte[32], new byte[32])
        { Links = format == 1 ? EventLinks.Format1 : EventLinks.Linked(prevRecord, null) };

    private static ManifestFilter Filter(string? type, string? id, string? actor = null, string? action = null, DateTimeOffset? from = null) =>
        new(type, id, actor, action, null, from, null, false);

    private static List<ExportedEvent> History() =>
        Changes.Select((seq, i) => Row(seq, i == 0 ? null : Changes[i - 1])).ToList();

    private static ExportedEvent ExportEvent(long? newestChange) => Row(25, newestChange, "access");

    private static (List<string> Findings, List<string> Warnings, string? Proven) Check(IEnumerable<ExportedEvent> rows, ExportedEvent? exportEvent)
    {
        var check = HistoryCompleteness.For(Filter("contract", "42"))!;
        var line = 0;
        foreach (var row in rows) check.Add(row, ++line);
        var findings = new List<string>();
        var warnings = new List<string>();
        check.Finish(exportEvent, (_, seq, problem) => findings.Add($"seq {seq}: {problem}"), warnings.Add);
        return (findings, warnings, check.Proven);
    }

    [Fact]
    public void A_whole_record_history_up_to_its_export_event_is_proven_complete()
    {
        var (findings, warnings, proven) = Check(History(), ExportEvent(20));

        Assert.Empty(findings);
        Assert.Empty(warnings);
        Assert.Contains("complete", proven);
        Assert.Contains("seq 25", proven);
    }

    [Fact]
    public void A_dropped_change_in_the_middle_is_named_by_its_seq()
    {
        var rows = History().Where(r => r.Seq != 7).ToList();

        var (findings, _, proven) = Check(rows, ExportEvent(20));

        Assert.Equal("seq 12: seq 7 of record contract/42 is missing: seq 12 links back to it (an event was dropped)", Assert.Single(findings));
        Assert.Null(proven);
    }

    [Fact]
    public void A_dropped_first_change_is_named_by_its_seq()
    {
        var (findings, _, _) = Check(History().Where(r => r.Seq != 3), ExportEvent(20));

        Assert.Contains("seq 3 of record contract/42 is missing", Assert.Single(findings));
    }

    [Fact]
    public void An_added_change_is_named_by_its_seq()
    {
        var rows = History();
        rows.Insert(2, Row(9, 7)); // a change that claims to follow seq 7, but seq 12 (sealed) links back to 7, not 9

        var (findings, _, _) = Check(rows, ExportEvent(20));

        Assert.Equal("seq 12: seq 9 is not part of the history of record contract/42: seq 12 links back to seq 7 (an event was added)", Assert.Single(findings));
    }

    [Fact]
    public void A_change_added_before_the_sealed_first_change_is_named()
    {
        var rows = History();
        rows.Insert(0, Row(1, null));

        var (findings, _, _) = Check(rows, ExportEvent(20));

        Assert.Equal("seq 3: seq 1 is not part of the history of record contract/42: seq 3 was sealed as its first change (an event was added)", Assert.Single(findings));
    }

    [Fact]
    public void A_trimmed_tail_is_caught_by_the_export_events_link()
    {
        var trimmed = History().Where(r => r.Seq != 20);

        var (findings, _, _) = Check(trimmed, ExportEvent(20));
        var (intact, _, _) = Check(History(), ExportEvent(20));

        Assert.Equal("seq 25: seq 20, the newest change of record contract/42 before the export (seq 25), is missing: the history was cut short", Assert.Single(findings));
        Assert.Empty(intact);
    }

    [Fact]
    public void Without_a_sealed_export_event_the_tail_is_only_a_warning()
    {
        var (findings, warnings, proven) = Check(History().Where(r => r.Seq != 20), null);

        Assert.Empty(findings);
        Assert.Contains(warnings, w => w.Contains("the tail is the exporter's word"));
        Assert.Contains("not proven absent", proven);
    }

    [Fact]
    public void Access_events_point_at_the_newest_change_and_reveal_a_drop_before_them()
    {
        var rows = History();
        rows.Insert(2, Row(10, 7, "access"));
        var (intact, _, _) = Check(rows, ExportEvent(20));
        var (dropped, _, _) = Check(rows.Where(r => r.Seq != 7), ExportEvent(20));

        Assert.Empty(intact);
        Assert.Contains(dropped, f => f.StartsWith("seq 10: seq 7 of record contract/42 is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Format_1_events_claim_no_completeness_and_say_so()
    {
        var rows = Changes.Select(s => Row(s, null, format: 1));

        var (findings, warnings, proven) = Check(rows, null);

        Assert.Empty(findings);
        Assert.Contains("no completeness is claimed", Assert.Single(warnings));
        Assert.Null(proven);
    }

    [Fact]
    public void A_history_that_began_in_format_1_is_proven_from_its_first_linked_change()
    {
        var rows = new List<ExportedEvent> { Row(3, null, format: 1), Row(7, null, format: 1), Row(12, 7), Row(20, 12) };

        var (findings, warnings, _) = Check(rows, ExportEvent(20));
        var (dropped, _, _) = Check(rows.Where(r => r.Seq != 7), ExportEvent(20));

        Assert.Empty(findings);
        Assert.Contains(warnings, w => w.Contains("proven complete only from seq 12"));
        Assert.Contains("seq 7 of record contract/42 is missing", Assert.Single(dropped));
    }

    [Fact]
    public void Only_whole_record_or_actor_filters_claim_a_history()
    {
        Assert.NotNull(HistoryCompleteness.For(Filter(null, null, actor: "u-1")));
        Assert.Null(HistoryCompleteness.For(Filter("contract", "42", action: "contract.update")));
        Assert.Null(HistoryCompleteness.For(Filter("contract", "42", from: DateTimeOffset.UnixEpoch)));
        Assert.Null(HistoryCompleteness.For(Filter(null, null)));
    }
}
