using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using AuditExplorer.DevIdentity.Server;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuditExplorer.DevIdentity.Users;

/// <summary>Builds the principal OpenIddict turns into the ID token, access token and authorization code.</summary>
public static class DemoUserIdentity
{
    /// <summary>A principal with sub, name, email and the role and tenants arrays.</summary>
    public static ClaimsPrincipal CreatePrincipal(DemoUser user, IEnumerable<string> scopes, DevIdentitySettings settings)
    {
        var identity = new ClaimsIdentity(
            authenticationType: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
            nameType: Claims.Name,
            roleType: Claims.Role);

        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.PreferredUsername, user.Username)
            .SetClaim(Claims.Email, user.Email);

        // One JSON_ARRAY claim each, so a single role or tenant is still written as an array and
        // clients never have to handle "string or array".
        identity.AddClaim(new Claim(settings.RoleClaimName, JsonSerializer.Serialize(user.Roles), JsonClaimValueTypes.JsonArray));
        identity.AddClaim(new Claim(DemoUserClaims.Tenants, JsonSerializer.Serialize(user.Tenants), JsonClaimValueTypes.JsonArray));

        identity.SetScopes(scopes);

        // The web app reads everything from the ID token, so every claim goes to both tokens
        // whatever scopes were requested: one trusted client, no partial profiles to debug.
        // With ListsInUserInfoOnly the lists stay out of the ID token, so only a client that reads
        // userinfo learns them (what third-party providers often do).
        var lists = new[] { settings.RoleClaimName, DemoUserClaims.Tenants };
        identity.SetDestinations(claim => settings.ListsInUserInfoOnly && lists.Contains(claim.Type)
            ? [Destinations.AccessToken]
            : [Destinations.AccessToken, Destinations.IdentityToken]);

        return new ClaimsPrincipal(identity);
    }

    /// <summary>The userinfo response body: roles and tenants always as arrays, possibly empty.</summary>
    public static Dictionary<string, object> UserInfo(DemoUser user, DevIdentitySettings settings) => new(StringComparer.Ordinal)
    {
        [Claims.Subject] = user.Subject,
        [Claims.Name] = user.DisplayName,
        [Claims.PreferredUsername] = user.Username,
        [Claims.Email] = user.Email,
        [settings.RoleClaimName] = user.Roles.ToImmutableArray(),
        [DemoUserClaims.Tenants] = user.Tenants.ToImmutableArray(),
    };
}
