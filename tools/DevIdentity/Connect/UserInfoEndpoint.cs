using AuditExplorer.DevIdentity.Server;
using AuditExplorer.DevIdentity.Users;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuditExplorer.DevIdentity.Connect;

/// <summary>Returns the profile of the user an access token was issued to.</summary>
public static class UserInfoEndpoint
{
    /// <summary>Answers with sub, name, email, role[] and tenants[].</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, DemoUserDirectory users, DevIdentitySettings settings)
    {
        var token = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = users.FindBySubject(token.Principal?.GetClaim(Claims.Subject));
        if (user is null)
        {
            return OpenIddictRejection.Challenge(Errors.InvalidToken, "The access token no longer matches a known user.");
        }

        return Results.Ok(DemoUserIdentity.UserInfo(user, settings));
    }
}
