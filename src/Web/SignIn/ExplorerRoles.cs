namespace AuditExplorer.Web.SignIn;

/// <summary>Roles the explorer knows; what each may see is decided where the data is shown.</summary>
public static class ExplorerRoles
{
    public const string ComplianceOfficer = "compliance_officer";
    public const string Support = "support";
    public const string Auditor = "auditor";
    public const string AuditAdmin = "audit_admin";

    /// <summary>Roles that see personal data in full; anyone else (support) sees it redacted.</summary>
    public static readonly string[] SeePersonalData = [ComplianceOfficer, Auditor, AuditAdmin];
}
