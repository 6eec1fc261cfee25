using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>How to verify: public keys the checkpoint must be signed by (when empty, the package's own keys are used).</summary>
public sealed record PackageVerificationOptions
{
    public IReadOnlyList<CheckpointVerifierKey> TrustedKeys { get; init; } = [];
    /// <summary>Findings listed in full; further ones are only counted.</summary>
    public int MaxFindings { get; init; } = 200;
}
