using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AuditExplorer.Web.SignIn;

internal static class SignInRegistration
{
    /// <summary>OpenID Connect (authorization code + PKCE) with a cookie session.</summary>
    public static void AddExplorerSignIn(this IHostApplicationBuilder builder)
    {
        var oidc = builder.Configuration.GetSection("Oidc").Get<OidcSettings>() ?? new OidcSettings();
        var claims = builder.Configuration.GetSection("Claims").Get<ClaimNames>() ?? new ClaimNames();
        if (string.IsNullOrEmpty(oidc.Authority) || string.IsNullOrEmpty(oidc.ClientId))
            throw new InvalidOperationException("Oidc:Authority and Oidc:ClientId must be configured (see README, 'Sign-in').");
        builder.Services.AddSingleton(claims);
        builder.Services.AddSingleton<SignInRecorder>();

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
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
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
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                foreach (var scope in oidc.Scopes) o.Scope.Add(scope);
                o.TokenValidationParameters.NameClaimType = claims.Name;
                o.TokenValidationParameters.RoleClaimType = claims.Roles;
                if (oidc.LoopbackHttp)
                {
                    // Over plain http the default SameSite=None cookies are dropped by the browser.
                    o.ResponseMode = OpenIdConnectResponseMode.Query;
                    o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SameSite = SameSiteMode.Lax;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }
                o.Events.OnTokenValidated = async context =>
                {
                    var recorder = context.HttpContext.RequestServices.GetRequiredService<SignInRecorder>();
                    if (context.Principal is not null && !await recorder.RecordAsync(context.Principal, context.HttpContext, context.HttpContext.RequestAborted))
                        context.Fail("This sign-in could not be recorded in the audit log, so it was refused. Try again later.");
                };
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
