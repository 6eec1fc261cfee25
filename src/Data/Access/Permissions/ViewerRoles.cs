namespace AuditExplorer.Data.Access.Permissions;

/// <summary>The roles the explorer knows. Any other role name grants nothing (fails closed).</summary>
public static class ViewerRoles
{
    /// <summary>Compliance officers: explore, verify and export with personal data in full.</summary>
    public const string ComplianceOfficer = "compliance_officer";

    /// <summary>Support engineers: timelines and event details with personal data redacted; nothing else.</summary>
    public const string Support = "support";

    /// <summary>Auditors: like compliance officers, but download only their own exports.</summary>
    public const string Auditor = "auditor";

    /// <summary>Audit administrators: settings, access log and integrity; business data redacted.</summary>
    public const string AuditAdmin = "audit_admin";

    /// <summary>Every role the permission matrix has a column for.</summary>
    public static IReadOnlyList<string> All { get; } = [ComplianceOfficer, Support, Auditor, AuditAdmin];
}
