using System.Globalization;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Recomputes the manifest's claims from the events themselves: every event must satisfy the
/// claimed filter, record/actor exports must be in (occurred_at, id) order, and counts, first/last
/// seq and outside_range must equal what the events show. Findings go to the callback.
/// </summary>
internal sealed class ManifestClaims(PackageManifest manifest, Action<long?, long?, string> report)
{
    private readonly ManifestFilter _filter = manifest.Filter;
    private readonly bool _range = manifest.Completeness is not null;
    private (DateTimeOffset At, string Id)? _previous;

    public long Events { get; private set; }
    public long OutsideRange { get; private set; }
    public ExportedEvent? First { get; private set; }
    public ExportedEvent? Last { get; private set; }
    public bool FirstInRange { get; private set; }
    public bool LastInRange { get; private set; }

    /// <summary>Whether an event occurred in [From, To) of the claimed filter.</summary>
    public static bool InRange(ManifestFilter f, DateTimeOffset occurredAt) =>
        (f.From is not { } from || occurredAt >= from) && (f.To is not { } to || occurredAt < to);

    /// <summary>Checks the shape of the claim before any event is read.</summary>
    public void CheckShape()
    {
        var f = _filter;
        var rangeOnly = f.EntityType is null && f.EntityId is null && f.ActorId is null && f.Action is null && f.ChangeKind is null
            && f.SubjectId is null;
        if (rangeOnly && !_range)
            report(null, null, "claims a time-range (or whole-log) export but has no completeness claim: such packages must prove their seq span complete");
        if (!rangeOnly && _range)
            report(null, null, "carries a completeness claim for a filtered export; only time-range exports are complete");
        if (_range && !f.IncludeAccessEvents)
            report(null, null, "a time-range export holds access events, but include_access_events is false");
        if (f.From is { } from && f.To is { } to && from >= to)
            report(null, null, "the claimed time range is empty (from is not before to)");
        if (!_range && manifest.Counts.OutsideRange != 0)
            report(null, null, "a filtered export has no events outside its range, but outside_range is not 0");
    }

    /// <summary>Checks one event of events.jsonl against the claimed filter and order.</summary>
    public void Add(long line, ExportedEvent row)
    {
        var e = row.Event;
        var f = _filter;
        Events++;
        First ??= row;
        Last = row;
        if (!_range)
        {
            Expect(line, row.Seq, "entity type", f.EntityType, e.EntityType);
            Expect(line, row.Seq, "entity id", f.EntityId, e.EntityId);
            Expect(line, row.Seq, "actor", f.ActorId, e.ActorId);
            Expect(line, row.Seq, "action", f.Action, e.Action);
            Expect(line, row.Seq, "change kind", f.ChangeKind, e.ChangeKind);
            // Which subject a commitment belongs to is not in the hashed bytes; an event qualifies by its actor or by holding one.
            if (f.SubjectId is { } subject && e.ActorId != subject
                && !Redaction.PersonalCommitment.MayContain(e.OldValues) && !Redaction.PersonalCommitment.MayContain(e.NewValues))
                report(line, row.Seq, $"names neither subject {subject} as actor nor holds a personal value, but the package claims a subject access report");
            if (f.ChangeKind is null && !f.IncludeAccessEvents && e.ChangeKind == "access")
                report(line, row.Seq, "is an access event, but the package claims to leave access events out");
            var key = (e.OccurredAt, e.Id.ToString("D"));
            if (_previous is { } p && (key.OccurredAt < p.At || (key.OccurredAt == p.At && string.CompareOrdinal(key.Item2, p.Id) <= 0)))
                report(line, row.Seq, "is out of order: a filtered export lists events oldest first by (occurred_at, id), each once");
            _previous = key;
        }
        var inRange = InRange(f, e.OccurredAt);
        if (Events == 1) FirstInRange = inRange;
        LastInRange = inRange;
        if (inRange) return;
        if (_range) OutsideRange++;
        else report(line, row.Seq, $"occurred at {EventTime(e)}, outside the claimed time range {RangeText(f)}");
    }

    /// <summary>Compares the counts and the seq span the manifest states with what the events showed.</summary>
    public void Finish(long? treeSize)
    {
        var c = manifest.Completeness;
        if (OutsideRange != manifest.Counts.OutsideRange)
            report(null, null, $"{OutsideRange} events occurred outside the claimed time range but counts.outside_range says {manifest.Counts.OutsideRange}");
        if (c is null) return;
        if (First is null)
        {
            if (c.FirstSeq is not null || c.LastSeq is not null || c.BeforeSeq is not null || c.AfterSeq is not null)
                report(null, null, "the completeness claim names seqs but events.jsonl holds no event");
            return;
        }
        if (c.FirstSeq != First.Seq || c.LastSeq != Last!.Seq)
            report(null, null, $"the completeness claim names seqs {c.FirstSeq} to {c.LastSeq} but events.jsonl holds seqs {First.Seq} to {Last!.Seq}");
        if (!FirstInRange)
            report(null, First.Seq, $"the first event of the span occurred at {EventTime(First.Event)}, outside the claimed range {RangeText(_filter)}: a complete span starts with an event of the range");
        if (!LastInRange)
            report(null, Last!.Seq, $"the last event of the span occurred at {EventTime(Last.Event)}, outside the claimed range {RangeText(_filter)}: a complete span ends with an event of the range");
        long? before = First.Seq > 1 ? First.Seq - 1 : null;
        long? after = treeSize is { } size && Last!.Seq < size ? Last.Seq + 1 : null;
        if (c.BeforeSeq != before)
            report(null, null, $"the completeness claim names {Seq(c.BeforeSeq)} as the event before the range, but it is {Seq(before)}");
        if (treeSize is not null && c.AfterSeq != after)
            report(null, null, $"the completeness claim names {Seq(c.AfterSeq)} as the event after the range, but under the checkpoint it is {Seq(after)}");
    }

    private void Expect(long line, long seq, string what, string? claimed, string actual)
    {
        if (claimed is not null && claimed != actual)
            report(line, seq, $"has {what} \"{actual}\", but the package claims only events with {what} \"{claimed}\"");
    }

    private static string Seq(long? seq) => seq is { } s ? "seq " + s.ToString(CultureInfo.InvariantCulture) : "none";

    public static string EventTime(AuditEvent e) => Integrity.EventCanonicalForm.FormatTimestamp(e.OccurredAt);

    public static string RangeText(ManifestFilter f) =>
        $"[{(f.From is { } a ? Integrity.EventCanonicalForm.FormatTimestamp(a) : "-")}, {(f.To is { } b ? Integrity.EventCanonicalForm.FormatTimestamp(b) : "-")})";
}
