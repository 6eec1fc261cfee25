using AuditExplorer.DevIdentity.Login;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace AuditExplorer.DevIdentity.Connect;

/// <summary>Signs the user out of this provider and returns them to the web app.</summary>
public static class EndSessionEndpoint
{
    /// <summary>Ends the session; OpenIddict redirects to the validated post_logout_redirect_uri, or to "/" without one.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context)
    {
        await context.SignOutAsync(LoginSession.Scheme);

        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
