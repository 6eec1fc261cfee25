namespace AuditExplorer.DevIdentity.Users;

/// <summary>Claim and scope names this provider adds beyond the OpenID Connect standard ones.</summary>
public static class DemoUserClaims
{
    /// <summary>One claim per tenant the user may see.</summary>
    public const string Tenants = "tenants";

    /// <summary>Scope the web app requests to receive <see cref="Tenants"/>.</summary>
    public const string TenantsScope = "tenants";
}
