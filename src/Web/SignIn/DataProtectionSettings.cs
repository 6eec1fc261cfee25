namespace AuditExplorer.Web.SignIn;

/// <summary>Data protection (configuration section "DataProtection"): what cookies are encrypted with.</summary>
public sealed class DataProtectionSettings
{
    /// <summary>
    /// Isolates this application's keys and payloads. Every instance of one deployment uses the
    /// same name and database, so they read each other's cookies; change it and every cookie is void.
    /// </summary>
    public string ApplicationName { get; set; } = "AuditExplorer";
}
