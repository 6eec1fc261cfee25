using AuditExplorer.DevIdentity.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuditExplorer.DevIdentity.Server;

/// <summary>Registers the OpenIddict server with in-memory stores and throwaway keys.</summary>
public static class DevIdentityServerRegistration
{
    /// <summary>Adds the OpenID Connect server: code flow with PKCE, query response mode, ephemeral keys.</summary>
    public static WebApplicationBuilder AddDevIdentityServer(this WebApplicationBuilder builder)
    {
        var settings = DevIdentitySettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);

        // Nothing of this identity provider outlives the process: no key files, no database.
        builder.Services.AddDataProtection().SetApplicationName("AuditExplorer.DevIdentity");
        builder.Services.Configure<KeyManagementOptions>(options => options.XmlRepository = new InMemoryKeyRepository());
        builder.Services.AddDbContext<DevIdentityDbContext>(options =>
        {
            options.UseInMemoryDatabase("devidentity");
            options.UseOpenIddict();
        });

        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<DevIdentityDbContext>())
            .AddServer(options =>
            {
                if (!string.IsNullOrWhiteSpace(settings.Issuer))
                {
                    options.SetIssuer(new Uri(settings.Issuer, UriKind.Absolute));
                }

                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession");

                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                // "plain" PKCE only protects against code interception in name; accept S256 alone.
                options.Configure(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, DemoUserClaims.TenantsScope);
                options.RegisterClaims(Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Email, settings.RoleClaimName, DemoUserClaims.Tenants);

                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();

                // Tokens are read by the web app and by tests, never by a resource server with its own key.
                options.DisableAccessTokenEncryption();

                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Loopback http only: this provider exists for local runs and end-to-end tests.
                    .DisableTransportSecurityRequirement();
            });

        return builder;
    }
}
