using AuditExplorer.DevIdentity.Login;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuditExplorer.DevIdentity.Connect;

/// <summary>Signs the user out of this provider and returns them to the web app.</summary>
public static class EndSessionEndpoint
{
    /// <summary>
    /// Ends the session; OpenIddict has already refused a post_logout_redirect_uri no client registered
    /// and redirects to the validated one, or to "/" without one. An id_token_hint must be a token this
    /// provider issued, for the person signed in here.
    /// </summary>
    public static async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest();
        if (request is null)
        {
            return Results.BadRequest("This endpoint only accepts OpenID Connect end session requests.");
        }

        if (!string.IsNullOrEmpty(request.IdTokenHint))
        {
            // OpenIddict lets an end session request through with a hint it could not validate; it
            // then authenticates without the hint's principal, so its subject tells valid from forged.
            var hint = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var hinted = hint.Succeeded ? hint.Principal?.FindFirst(Claims.Subject)?.Value : null;
            if (hinted is null)
            {
                return Results.BadRequest("The id_token_hint is not an identity token issued by this provider.");
            }

            var session = await context.AuthenticateAsync(LoginSession.Scheme);
            var signedIn = session.Principal?.FindFirst(Claims.Subject)?.Value;
            if (signedIn is not null && signedIn != hinted)
            {
                return Results.BadRequest("The id_token_hint names someone other than the person signed in here.");
            }
        }

        await context.SignOutAsync(LoginSession.Scheme);

        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
