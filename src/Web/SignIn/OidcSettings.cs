namespace AuditExplorer.Web.SignIn;

/// <summary>The OpenID Connect provider (configuration section "Oidc").</summary>
public sealed class OidcSettings
{
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    /// <summary>Empty for a public client (PKCE only); set from a secret store otherwise.</summary>
    public string? ClientSecret { get; set; }
    public string[] Scopes { get; set; } = ["openid", "profile", "email"];
    public bool RequireHttpsMetadata { get; set; } = true;
    /// <summary>Also read the userinfo endpoint, for providers that put roles or tenants only there.</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; }
    /// <summary>Local runs over plain http on loopback only: Lax correlation cookies and query response mode.</summary>
    public bool LoopbackHttp { get; set; }
}
