namespace AuditExplorer.Data.Integrity.Publication;

/// <summary>One checkpoint a monitor has verified and keeps as its reference (one JSON line in its state file).</summary>
public sealed record SeenCheckpoint(string Tenant, long TreeSize, string RootHash, string Note, DateTimeOffset SeenAt);
