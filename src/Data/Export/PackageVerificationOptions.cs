using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// How to verify: the public keys the auditor trusts (the log's published keys). When empty, the
/// package's own keys/ are used to check integrity, and the verdict is at best Untrusted.
/// </summary>
public sealed record PackageVerificationOptions
{
    public IReadOnlyList<CheckpointVerifierKey> TrustedKeys { get; init; } = [];
    /// <summary>Findings listed in full; further ones are only counted.</summary>
    public int MaxFindings { get; init; } = 200;
    /// <summary>
    /// Accept a format-1 time-range package, whose neighbours are proven by leaf hash only (so a
    /// trimmed edge cannot be detected), with a warning instead of a finding. Off by default, so a
    /// forger cannot escape the format-2 checks by relabelling a package as version 1.
    /// </summary>
    public bool AcceptVersion1Boundaries { get; init; }
    /// <summary>Size limits per kind of entry.</summary>
    public PackageLimits Limits { get; init; } = new();
}
