using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AuditExplorer.Web.SignIn;

internal static class SignInRegistration
{
    /// <summary>OpenID Connect (authorization code + PKCE) with a server-side session behind the cookie.</summary>
    public static void AddExplorerSignIn(this IHostApplicationBuilder builder)
    {
        var oidc = builder.Configuration.GetSection("Oidc").Get<OidcSettings>() ?? new OidcSettings();
        var claims = ClaimNames.From(builder.Configuration.GetSection("Claims"));
        if (string.IsNullOrEmpty(oidc.Authority) || string.IsNullOrEmpty(oidc.ClientId))
            throw new InvalidOperationException("Oidc:Authority and Oidc:ClientId must be configured (see README, 'Sign-in').");
        builder.Services.AddSingleton(claims);
        builder.Services.AddSingleton<SignInRecorder>();
        var sessions = builder.AddServerSessions();

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "auditexplorer.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = oidc.LoopbackHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                // The session row decides idle and absolute expiry (SessionStore); the ticket never outlives the absolute lifetime.
                o.ExpireTimeSpan = sessions.AbsoluteLifetime;
                o.SlidingExpiration = false;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/";
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                // The ticket stays on the server (web.sessions); only the ID token is kept, for id_token_hint at sign-out.
                o.SaveTokens = true;
                o.SignedOutCallbackPath = "/signout-callback-oidc";
                o.SignedOutRedirectUri = "/signed-out";
                o.GetClaimsFromUserInfoEndpoint = oidc.GetClaimsFromUserInfoEndpoint;
                // Userinfo JSON is mapped only for the claims the explorer reads (MapInboundClaims is off, names stay as sent).
                foreach (var single in new[] { claims.Subject, claims.Name, claims.Email }.Distinct(StringComparer.Ordinal))
                    o.ClaimActions.MapUniqueJsonKey(single, single);
                foreach (var list in claims.Roles.Concat(claims.Tenants).Distinct(StringComparer.Ordinal))
                    o.ClaimActions.Add(new UserInfoListClaimAction(list));
                o.Scope.Clear();
                foreach (var scope in oidc.Scopes) o.Scope.Add(scope);
                o.TokenValidationParameters.NameClaimType = claims.Name;
                // Roles arrive under any of several names; SignInCompletion copies them to one claim type.
                o.TokenValidationParameters.RoleClaimType = ExplorerUser.RoleClaimType;
                if (oidc.LoopbackHttp)
                {
                    // Over plain http the default SameSite=None cookies are dropped by the browser.
                    o.ResponseMode = OpenIdConnectResponseMode.Query;
                    o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SameSite = SameSiteMode.Lax;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }
                o.Events.OnTicketReceived = SignInCompletion.OnTicketReceivedAsync;
                o.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect("/signin-failed?reason=" + Uri.EscapeDataString(context.Failure?.Message ?? "unknown"));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
    }
}
