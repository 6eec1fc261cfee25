namespace AuditExplorer.DevIdentity.Server;

/// <summary>The "DevIdentity" configuration section: issuer and the web app origins allowed to sign in.</summary>
public sealed class DevIdentitySettings
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "DevIdentity";

    /// <summary>Absolute issuer URL; empty means "the URL of the incoming request".</summary>
    public string? Issuer { get; set; }

    /// <summary>Semicolon-separated base URLs of the web app, e.g. "http://127.0.0.1:5080".</summary>
    public string WebBaseUrls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Name of the roles claim: "role" (default), or e.g. "roles" to sign in like Entra ID or Keycloak do.</summary>
    public string RoleClaimName { get; set; } = "role";

    /// <summary>Roles and tenants only from the userinfo endpoint, not in the ID token, as some providers do.</summary>
    public bool ListsInUserInfoOnly { get; set; }

    /// <summary>Reads the section, failing at startup with a clear message when a URL is malformed.</summary>
    public static DevIdentitySettings Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<DevIdentitySettings>() ?? new DevIdentitySettings();
        if (!string.IsNullOrWhiteSpace(settings.Issuer) && !Uri.TryCreate(settings.Issuer, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"DevIdentity:Issuer must be an absolute URL, got '{settings.Issuer}'.");
        }

        _ = settings.WebBaseUris();
        return settings;
    }

    /// <summary>The configured web app base URLs, without trailing slashes.</summary>
    public IReadOnlyList<Uri> WebBaseUris()
    {
        var uris = new List<Uri>();
        foreach (var part in WebBaseUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"DevIdentity:WebBaseUrls entry '{part}' is not an absolute http(s) URL.");
            }

            uris.Add(uri);
        }

        if (uris.Count == 0)
        {
            throw new InvalidOperationException("DevIdentity:WebBaseUrls must list at least one base URL.");
        }

        return uris;
    }
}
