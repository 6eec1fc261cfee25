using System.Security.Cryptography;
using System.Text;
using AuditExplorer.Data.Access;

namespace AuditExplorer.Web.Components;

/// <summary>Captures, while the page's HTTP request is still at hand, what access events record about it.</summary>
internal static class ViewerRequestReader
{
    public static ViewerRequest From(HttpContext http)
    {
        var cookie = http.Request.Cookies["auditexplorer.session"];
        // A digest, not the cookie: the session can be correlated without storing a credential.
        var session = cookie is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cookie)))[..16];
        return new ViewerRequest(
            RequestId: http.TraceIdentifier,
            SessionId: session,
            Ip: http.Connection.RemoteIpAddress?.ToString(),
            UserAgent: http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, 300)] : null,
            AuthMethod: http.User.FindFirst("amr")?.Value ?? "oidc",
            ClientApp: "auditexplorer-web");
    }
}
