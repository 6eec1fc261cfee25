namespace AuditExplorer.Data.Export;

/// <summary>The verdict on an evidence package: valid only when there is no finding.</summary>
public sealed record PackageVerificationReport(
    IReadOnlyList<PackageFinding> Findings, long FindingsOmitted, long EventsChecked, long ProofsChecked,
    PackageManifest? Manifest, string? SignedBy, bool KeyPinned, TimeSpan Elapsed)
{
    public bool IsValid => Findings.Count == 0;
}
