namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The hash format of a sealed event and, from format 2 on, its back links: the seq of the previous
/// change (change_kind other than access) of the same record and of the same actor, null for the first
/// (docs/event-format.md, "Back links"). The sealer computes them; they are inside the canonical bytes.
/// </summary>
public sealed record EventLinks(int HashFormat, long? PrevRecordSeq, long? PrevActorSeq)
{
    /// <summary>Hash format 1: events sealed before back links existed; their canonical bytes have no link members.</summary>
    public static EventLinks Format1 { get; } = new(1, null, null);

    /// <summary>The hash format new seals use.</summary>
    public const int CurrentFormat = 2;

    /// <summary>Format-2 links.</summary>
    public static EventLinks Linked(long? prevRecordSeq, long? prevActorSeq) => new(CurrentFormat, prevRecordSeq, prevActorSeq);

    /// <summary>Whether the event carries back links at all.</summary>
    public bool HasLinks => HashFormat >= 2;
}
