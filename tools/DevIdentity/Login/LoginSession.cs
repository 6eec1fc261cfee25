using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuditExplorer.DevIdentity.Login;

/// <summary>The provider's own sign-in cookie, which lets the authorize endpoint skip the login form.</summary>
public static class LoginSession
{
    /// <summary>Authentication scheme of the session cookie.</summary>
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Path of the login form.</summary>
    public const string LoginPath = "/account/login";

    /// <summary>Query and form field carrying where to go after signing in.</summary>
    public const string ReturnUrlField = "returnUrl";

    /// <summary>Adds the cookie session and antiforgery for the login form.</summary>
    public static WebApplicationBuilder AddLoginSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Scheme)
            .AddCookie(Scheme, options =>
            {
                // Cookies ignore ports: a distinct name keeps this session apart from the web app's
                // cookies when both run on 127.0.0.1.
                options.Cookie.Name = "auditexplorer.devidentity.session";
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = LoginPath;
                options.ReturnUrlParameter = ReturnUrlField;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "auditexplorer.devidentity.antiforgery");
        return builder;
    }
}
