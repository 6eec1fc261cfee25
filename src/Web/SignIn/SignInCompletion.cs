using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace AuditExplorer.Web.SignIn;

/// <summary>
/// The last step before the session is stored, when the ID token and (if configured) the
/// userinfo claims are both in: roles become one claim type, only the ID token is kept (for
/// sign-out's id_token_hint), and the sign-in is recorded — or refused when it cannot be.
/// </summary>
internal static class SignInCompletion
{
    public static async Task OnTicketReceivedAsync(TicketReceivedContext context)
    {
        var names = context.HttpContext.RequestServices.GetRequiredService<ClaimNames>();
        if (context.Principal?.Identity is ClaimsIdentity identity && ExplorerUser.From(context.Principal, names) is { } user)
        {
            foreach (var role in user.Roles.Where(r => !identity.HasClaim(ExplorerUser.RoleClaimType, r)))
                identity.AddClaim(new Claim(ExplorerUser.RoleClaimType, role));
        }

        // Access and refresh tokens are never used by the explorer; storing them would only widen what a session row holds.
        if (context.Properties is { } properties)
        {
            var idToken = properties.GetTokenValue("id_token");
            properties.StoreTokens(idToken is null ? [] : [new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }

        var recorder = context.HttpContext.RequestServices.GetRequiredService<SignInRecorder>();
        if (context.Principal is not null && !await recorder.RecordAsync(context.Principal, context.HttpContext, context.HttpContext.RequestAborted))
        {
            // Failing this event does not stop the handler from signing in; answering the request does.
            context.Response.Redirect("/signin-failed?reason=" + Uri.EscapeDataString("This sign-in could not be recorded in the audit log, so it was refused. Try again later."));
            context.HandleResponse();
        }
    }
}
