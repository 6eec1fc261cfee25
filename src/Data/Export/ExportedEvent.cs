using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Export;

/// <summary>A sealed event as exported: the stored fields, its seq, and its chain and leaf hashes.</summary>
public sealed record ExportedEvent(AuditEvent Event, long Seq, byte[] PrevHash, byte[] Hash, byte[] LeafHash);
