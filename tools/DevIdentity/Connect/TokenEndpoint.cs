using AuditExplorer.DevIdentity.Server;
using AuditExplorer.DevIdentity.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuditExplorer.DevIdentity.Connect;

/// <summary>Exchanges an authorization code (already checked against its PKCE verifier) for tokens.</summary>
public static class TokenEndpoint
{
    /// <summary>Re-reads the user so the issued tokens carry current roles and tenants.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, DemoUserDirectory users, DevIdentitySettings settings)
    {
        var request = context.GetOpenIddictServerRequest();
        if (request is null || !request.IsAuthorizationCodeGrantType())
        {
            return OpenIddictRejection.Forbid(Errors.UnsupportedGrantType, "Only the authorization code grant is supported.");
        }

        var code = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = users.FindBySubject(code.Principal?.GetClaim(Claims.Subject));
        if (code.Principal is null || user is null)
        {
            return OpenIddictRejection.Forbid(Errors.InvalidGrant, "The authorization code no longer matches a known user.");
        }

        return Results.SignIn(
            DemoUserIdentity.CreatePrincipal(user, code.Principal.GetScopes(), settings),
            properties: null,
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
