namespace AuditExplorer.Web.Hosting;

/// <summary>The credential of an <c>Authorization: Bearer …</c> header, for the token-authenticated APIs.</summary>
internal static class BearerToken
{
    /// <summary>The token after "Bearer ", or null when the request sends none.</summary>
    public static string? From(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
    }
}
