using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Gives each event of a sealing batch its back links (hash format 2), in seq order, from the heads
/// stored before the batch: the previous change of its record and of its actor, or null for the first.
/// Changes (change_kind other than access) move the heads; access events only point at them, so a
/// record export's own access event names the record's newest change. Several events of one record in
/// one batch chain to each other because the heads move as the batch is walked.
/// </summary>
public sealed class BackLinkAssigner(IReadOnlyDictionary<(string EntityType, string EntityId), long> recordHeads,
    IReadOnlyDictionary<string, long> actorHeads)
{
    private readonly Dictionary<(string EntityType, string EntityId), long> _records = new(recordHeads);
    private readonly Dictionary<string, long> _actors = new(actorHeads, StringComparer.Ordinal);

    /// <summary>Record heads moved by the batch (to be stored).</summary>
    public Dictionary<(string EntityType, string EntityId), long> MovedRecords { get; } = [];

    /// <summary>Actor heads moved by the batch (to be stored).</summary>
    public Dictionary<string, long> MovedActors { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether an event moves the heads: every change kind except access.</summary>
    public static bool IsChange(AuditEvent e) => e.ChangeKind != "access";

    /// <summary>Links for <paramref name="events"/> sealed at seqs firstSeq, firstSeq + 1, …</summary>
    public EventLinks[] Assign(IReadOnlyList<AuditEvent> events, long firstSeq)
    {
        var links = new EventLinks[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var seq = firstSeq + i;
            var record = (e.EntityType, e.EntityId);
            long? prevRecord = _records.TryGetValue(record, out var r) ? r : null;
            long? prevActor = _actors.TryGetValue(e.ActorId, out var a) ? a : null;
            links[i] = EventLinks.Linked(prevRecord, prevActor);
            if (!IsChange(e)) continue;
            _records[record] = seq;
            _actors[e.ActorId] = seq;
            MovedRecords[record] = seq;
            MovedActors[e.ActorId] = seq;
        }
        return links;
    }
}
