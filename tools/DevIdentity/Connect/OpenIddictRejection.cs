using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace AuditExplorer.DevIdentity.Connect;

/// <summary>Protocol error responses, rendered by OpenIddict in the form the client expects.</summary>
public static class OpenIddictRejection
{
    /// <summary>Rejects the request with an OAuth error code and a human-readable description.</summary>
    public static IResult Forbid(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>Rejects a request whose bearer token no longer maps to a user.</summary>
    public static IResult Challenge(string error, string description) =>
        Results.Challenge(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
