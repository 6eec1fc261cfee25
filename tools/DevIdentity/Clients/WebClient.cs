namespace AuditExplorer.DevIdentity.Clients;

/// <summary>The AuditExplorer web app as seen by this provider: a public client (no secret) using PKCE.</summary>
public static class WebClient
{
    /// <summary>The client_id the web app presents.</summary>
    public const string ClientId = "auditexplorer-web";

    /// <summary>Path the web app receives the authorization response on.</summary>
    public const string SignInCallbackPath = "/signin-oidc";

    /// <summary>Path the web app receives the user on after signing out.</summary>
    public const string SignOutCallbackPath = "/signout-callback-oidc";
}
