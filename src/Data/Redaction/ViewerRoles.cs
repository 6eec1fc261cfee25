namespace AuditExplorer.Data.Redaction;

/// <summary>Role names that decide how much personal data a viewer sees.</summary>
public static class ViewerRoles
{
    /// <summary>Support engineers: personal data is redacted.</summary>
    public const string Support = "support";

    /// <summary>Compliance officers: full view.</summary>
    public const string ComplianceOfficer = "compliance_officer";

    /// <summary>Auditors: full view.</summary>
    public const string Auditor = "auditor";

    /// <summary>Audit administrators: full view.</summary>
    public const string AuditAdmin = "audit_admin";

    /// <summary>Roles entitled to see personal data in full.</summary>
    public static IReadOnlySet<string> FullView { get; } =
        new HashSet<string>([ComplianceOfficer, Auditor, AuditAdmin], StringComparer.Ordinal);
}
