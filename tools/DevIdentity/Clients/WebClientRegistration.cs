using AuditExplorer.DevIdentity.Server;
using AuditExplorer.DevIdentity.Users;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuditExplorer.DevIdentity.Clients;

/// <summary>Registers the web app client in the in-memory store before the first request arrives.</summary>
public static class WebClientRegistration
{
    /// <summary>Creates the "auditexplorer-web" client with one redirect pair per configured base URL.</summary>
    public static async Task RegisterWebClientAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var settings = scope.ServiceProvider.GetRequiredService<DevIdentitySettings>();

        if (await applications.FindByClientIdAsync(WebClient.ClientId, cancellationToken) is not null)
        {
            return;
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = WebClient.ClientId,
            ClientType = ClientTypes.Public,
            // No consent screen: this provider only ever serves the product's own web app.
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "AuditExplorer",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Email,
                Permissions.Scopes.Roles,
                Permissions.Prefixes.Scope + DemoUserClaims.TenantsScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };

        foreach (var baseUri in settings.WebBaseUris())
        {
            descriptor.RedirectUris.Add(new Uri(baseUri.AbsoluteUri.TrimEnd('/') + WebClient.SignInCallbackPath));
            descriptor.PostLogoutRedirectUris.Add(new Uri(baseUri.AbsoluteUri.TrimEnd('/') + WebClient.SignOutCallbackPath));
        }

        await applications.CreateAsync(descriptor, cancellationToken);

        app.Logger.LogInformation(
            "Registered client {ClientId} with redirect URIs {RedirectUris}",
            WebClient.ClientId,
            string.Join(", ", descriptor.RedirectUris));
    }
}
