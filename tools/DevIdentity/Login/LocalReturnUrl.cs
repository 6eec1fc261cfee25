namespace AuditExplorer.DevIdentity.Login;

/// <summary>Guards the post-login redirect so the login form cannot send anyone to another site.</summary>
public static class LocalReturnUrl
{
    /// <summary>True for a path on this host ("/x"), false for absolute, scheme-relative ("//x", "/\x") or control-character URLs.</summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/')
        {
            return false;
        }

        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\'))
        {
            return false;
        }

        return !url.Any(char.IsControl);
    }

    /// <summary>The URL if it is local, otherwise null.</summary>
    public static string? OrNull(string? url) => IsLocal(url) ? url : null;
}
