using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Export;

/// <summary>A sealed event as exported: the stored fields, its seq, its chain and leaf hashes, and its hash format and back links.</summary>
public sealed record ExportedEvent(AuditEvent Event, long Seq, byte[] PrevHash, byte[] Hash, byte[] LeafHash)
{
    /// <summary>Hash format and back links as sealed (format 1, no links, unless the seal says otherwise).</summary>
    public EventLinks Links { get; init; } = EventLinks.Format1;
}
