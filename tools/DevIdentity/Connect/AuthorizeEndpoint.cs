using AuditExplorer.DevIdentity.Login;
using AuditExplorer.DevIdentity.Server;
using AuditExplorer.DevIdentity.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Extensions;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuditExplorer.DevIdentity.Connect;

/// <summary>Issues an authorization code for the signed-in user, sending anyone else to the login form first.</summary>
public static class AuthorizeEndpoint
{
    /// <summary>Handles an authorization request OpenIddict has validated (client, redirect URI, PKCE).</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, DemoUserDirectory users, DevIdentitySettings settings)
    {
        var request = context.GetOpenIddictServerRequest();
        if (request is null)
        {
            return Results.BadRequest("This endpoint only accepts OpenID Connect authorization requests.");
        }

        var parameters = await AuthorizationParametersAsync(context);

        if (request.HasPromptValue(PromptValues.Login))
        {
            // Forget the current session and come back without "prompt", so the form shows exactly once.
            await context.SignOutAsync(LoginSession.Scheme);
            return Results.Redirect(context.Request.PathBase + context.Request.Path + QueryString.Create(
                parameters.Where(parameter => parameter.Key != Parameters.Prompt)));
        }

        var session = await context.AuthenticateAsync(LoginSession.Scheme);
        var user = session.Succeeded ? users.FindBySubject(session.Principal?.FindFirst(Claims.Subject)?.Value) : null;

        if (user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return OpenIddictRejection.Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            return Results.Challenge(
                new AuthenticationProperties
                {
                    RedirectUri = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters),
                },
                [LoginSession.Scheme]);
        }

        // Implicit consent: the only client is the product's own web app.
        return Results.SignIn(
            DemoUserIdentity.CreatePrincipal(user, request.GetScopes(), settings),
            properties: null,
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // Form-posted requests are replayed as a GET after login, so read parameters from whichever carried them.
    private static async Task<List<KeyValuePair<string, string?>>> AuthorizationParametersAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return [.. form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string?>(field.Key, value)))];
        }

        return [.. context.Request.Query.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string?>(field.Key, value)))];
    }
}
