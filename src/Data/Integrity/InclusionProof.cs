namespace AuditExplorer.Data.Integrity;

/// <summary>RFC 6962 audit path for leaf <paramref name="LeafIndex"/> (seq - 1) in a tree of <paramref name="TreeSize"/> leaves.</summary>
public sealed record InclusionProof(long LeafIndex, long TreeSize, IReadOnlyList<byte[]> Path);
