namespace AuditExplorer.Data.Export;

/// <summary>What an export wrote: its manifest (counts, hashes, checkpoint) and the access event recording it.</summary>
public sealed record EvidencePackageResult(PackageManifest Manifest, Guid AccessEventId);
