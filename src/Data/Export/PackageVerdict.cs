namespace AuditExplorer.Data.Export;

/// <summary>What an auditor may conclude from a verified evidence package.</summary>
public enum PackageVerdict
{
    /// <summary>Every check passed and the checkpoint is signed by a key the auditor trusts.</summary>
    Trusted,

    /// <summary>
    /// The package is internally consistent, but its checkpoint verifies only against the key the
    /// package carries itself: anyone can produce such a package, so it proves nothing about origin.
    /// </summary>
    Untrusted,

    /// <summary>At least one check failed: the package is damaged, altered or not what it claims.</summary>
    Failed,
}
