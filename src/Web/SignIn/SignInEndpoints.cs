using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace AuditExplorer.Web.SignIn;

internal static class SignInEndpoints
{
    public static void MapSignInEndpoints(this WebApplication app)
    {
        app.MapGet("/signin", (string? returnUrl, HttpContext http) =>
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) },
                [OpenIdConnectDefaults.AuthenticationScheme])).AllowAnonymous();

        app.MapPost("/signout", () =>
            TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]))
            .RequireAuthorization();
    }

    /// <summary>Only paths on this site may be returned to, so a crafted link cannot bounce a user elsewhere.</summary>
    internal static string LocalOnly(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";
}
