namespace AuditExplorer.Data.Integrity;

/// <summary>RFC 6962 consistency proof that the tree of <paramref name="NewSize"/> leaves extends the one of <paramref name="OldSize"/>.</summary>
public sealed record ConsistencyProof(long OldSize, long NewSize, IReadOnlyList<byte[]> Path);
