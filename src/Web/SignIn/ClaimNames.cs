namespace AuditExplorer.Web.SignIn;

/// <summary>Which token claims carry the subject, name, email, roles and tenants (configuration section "Claims").</summary>
public sealed class ClaimNames
{
    public string Subject { get; set; } = "sub";
    public string Name { get; set; } = "name";
    public string Email { get; set; } = "email";
    public string Roles { get; set; } = "role";
    public string Tenants { get; set; } = "tenants";
}
