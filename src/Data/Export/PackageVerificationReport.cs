namespace AuditExplorer.Data.Export;

/// <summary>
/// The outcome of verifying an evidence package: the findings (each one failed check), warnings
/// that do not fail the package, and the verdict. Only <see cref="PackageVerdict.Trusted"/> may be relied on.
/// </summary>
public sealed record PackageVerificationReport(
    IReadOnlyList<PackageFinding> Findings, long FindingsOmitted, long EventsChecked, long ProofsChecked,
    PackageManifest? Manifest, string? SignedBy, bool KeyPinned, TimeSpan Elapsed)
{
    /// <summary>Limitations of an older package format that are not failures (e.g. version-1 boundaries proven by hash only).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For a record or actor export whose back links all check out: what its history proves (docs/event-format.md, "Back links").</summary>
    public string? History { get; init; }

    /// <summary>True when no check failed; says nothing about who signed the checkpoint (see <see cref="Verdict"/>).</summary>
    public bool IsValid => Findings.Count == 0 && FindingsOmitted == 0;

    /// <summary>Trusted only when every check passed and a key the auditor gave signed the checkpoint.</summary>
    public PackageVerdict Verdict => !IsValid ? PackageVerdict.Failed
        : KeyPinned && SignedBy is not null ? PackageVerdict.Trusted
        : PackageVerdict.Untrusted;
}
