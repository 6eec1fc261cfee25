using System.Globalization;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Checks that a record or actor export holds the whole history its back links describe: every
/// exported event (format 2) must link to the newest change the package holds before it, the first
/// change to nothing, and the export's own access event (sealed by the sealer, not written by the
/// exporter) to the newest change before the export, which proves the tail. A dropped, added or
/// cut-off change is a one-line finding naming its seq. Line order is ManifestClaims' business.
/// </summary>
public sealed class HistoryCompleteness(HistoryKind kind, string subject)
{
    private readonly List<(long Seq, bool Change, EventLinks Links, long Line)> _events = [];
    private readonly HashSet<long> _seen = [];

    /// <summary>
    /// Retention archive records (expired.jsonl): a first change whose link names a seq one of them covers
    /// is the start of what is left after retention, not a dropped event. The records are the store's word.
    /// </summary>
    public IReadOnlyList<ExpiredSpan> Expired { get; set; } = [];

    /// <summary>What was proven, for the verdict; null until <see cref="Finish"/> ran or when nothing was.</summary>
    public string? Proven { get; private set; }

    /// <summary>The history a manifest filter describes, or null when the export is not one whole record's or actor's history.</summary>
    public static HistoryCompleteness? For(ManifestFilter f)
    {
        if (f.From is not null || f.To is not null || f.Action is not null || f.ChangeKind is not null) return null;
        if (f.EntityType is { } type && f.EntityId is { } id && f.ActorId is null) return new(HistoryKind.Record, $"{type}/{id}");
        if (f.ActorId is { } actor && f.EntityType is null && f.EntityId is null) return new(HistoryKind.Actor, actor);
        return null;
    }

    /// <summary>One event of events.jsonl (already checked to match the filter).</summary>
    public void Add(ExportedEvent row, long line)
    {
        if (_seen.Add(row.Seq)) _events.Add((row.Seq, BackLinkAssigner.IsChange(row.Event), row.Links, line));
    }

    /// <summary>
    /// Checks every link and the tail. <paramref name="exportEvent"/> is the package's sealed export event
    /// (null when unbound); its own link is the tail commitment when it belongs to the same history.
    /// Findings go to <paramref name="report"/> (line, seq, text), limits to <paramref name="warn"/>.
    /// </summary>
    public void Finish(ExportedEvent? exportEvent, Action<long?, long?, string> report, Action<string> warn)
    {
        _events.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        var what = kind == HistoryKind.Record ? $"record {subject}" : $"actor {subject}";
        var problems = 0;
        long? newestChange = null;
        long? firstLinked = null;
        var unlinkedChanges = 0;
        string? expired = null;
        foreach (var (seq, change, links, line) in _events)
        {
            if (links.HasLinks)
            {
                firstLinked ??= seq;
                if (newestChange is null && ExpiredBefore(seq, Link(links), what) is { } note) expired ??= note;
                else if (Check(seq, Link(links), newestChange, what, isExport: false) is { } problem)
                {
                    report(line, seq, problem);
                    problems++;
                }
            }
            else if (change) unlinkedChanges++;
            if (change) newestChange = seq;
        }

        var tail = TailEvent(exportEvent);
        if (tail is not null)
        {
            var expected = _events.Where(e => e.Change && e.Seq < tail.Seq).Select(e => (long?)e.Seq).LastOrDefault();
            if (expected is null && ExpiredBefore(tail.Seq, Link(tail.Links), what) is { } note) expired ??= note;
            else if (Check(tail.Seq, Link(tail.Links), expected, what, isExport: true) is { } problem)
            {
                report(null, tail.Seq, problem);
                problems++;
            }
        }

        if (firstLinked is null && tail is null)
        {
            warn($"no completeness is claimed for the history of {what}: its events were sealed in hash format 1, without back links");
            return;
        }
        if (expired is not null) warn(expired);
        if (unlinkedChanges > 0)
            warn($"{unlinkedChanges} changes of {what} were sealed in hash format 1 (no back links): the history is proven complete only from seq {firstLinked} on");
        if (tail is null)
            warn(kind == HistoryKind.Record
                ? $"the package holds no sealed export event, so nothing proves that {what} has no newer change than seq {Text(newestChange)}: the tail is the exporter's word"
                : $"an actor history's tail is proven only when the actor exports its own history: nothing proves that {what} has no newer change than seq {Text(newestChange)}");
        if (problems > 0) return;
        var changes = _events.Count(e => e.Change);
        Proven = (tail is null
            ? $"History of {what}: its {changes} changes link back without a gap (newer changes are not proven absent)."
            : $"History of {what} complete: all {changes} changes up to the export's own event (seq {tail.Seq}) are here, each linked to the one before.")
            + (expired is null ? "" : " Earlier changes expired by policy (see the warning).");
    }

    /// <summary>
    /// The note for a first event whose link names a seq that a retention archive covers and that lies
    /// below it; null when no archive covers it (then the linked change is missing).
    /// </summary>
    private string? ExpiredBefore(long seq, long? link, string what) =>
        link is { } l && Expired.FirstOrDefault(s => s.Covers(l) && s.LastSeq < seq) is { } span
            ? $"earlier changes of {what} expired by policy, archived at {span.Location}: seq {seq} links back to seq {l}, which archive {span.ArchiveId} "
              + $"(seqs {span.FirstSeq} to {span.LastSeq}, SHA-256 {span.Sha256}) holds; verify that archive for the changes before seq {seq}"
            : null;

    private ExportedEvent? TailEvent(ExportedEvent? exportEvent)
    {
        if (exportEvent is not { Links.HasLinks: true } e) return null;
        var same = kind == HistoryKind.Record ? $"{e.Event.EntityType}/{e.Event.EntityId}" == subject : e.Event.ActorId == subject;
        return same ? e : null;
    }

    /// <summary>The back link this history follows (record or actor) of an event's links.</summary>
    public long? LinkOf(EventLinks links) => Link(links);

    private long? Link(EventLinks links) => kind == HistoryKind.Record ? links.PrevRecordSeq : links.PrevActorSeq;

    /// <summary>
    /// The one-line finding when an event's link is not the newest change the package holds before it.
    /// The link is signed (inside the hashed bytes), so it names the truth: a larger link is a change the
    /// package lacks; a smaller one (or null) means the package holds a change the history never had.
    /// </summary>
    public static string? Check(long seq, long? link, long? expected, string what, bool isExport)
    {
        if (link == expected) return null;
        var at = isExport ? $"the export's own event (seq {seq})" : $"seq {seq}";
        if (link is { } l && (expected is null || l > expected))
            return isExport
                ? $"seq {l}, the newest change of {what} before the export (seq {seq}), is missing: the history was cut short"
                : $"seq {l} of {what} is missing: {at} links back to it (an event was dropped)";
        return link is null
            ? $"seq {expected} is not part of the history of {what}: {at} was sealed as its first change (an event was added)"
            : $"seq {expected} is not part of the history of {what}: {at} links back to seq {link} (an event was added)";
    }

    private static string Text(long? seq) => seq is { } s ? s.ToString(CultureInfo.InvariantCulture) : "none";
}
