using AuditExplorer.Data.Access;
using AuditExplorer.Web.SignIn;

namespace AuditExplorer.Web.Components;

/// <summary>Captures, while the page's HTTP request is still at hand, what access events record about it.</summary>
internal static class ViewerRequestReader
{
    public static ViewerRequest From(HttpContext http)
    {
        return new ViewerRequest(
            RequestId: http.TraceIdentifier,
            // Set by the session store when it found this request's session: a digest of the
            // server-side session key, never the key, so access events correlate without a credential.
            SessionId: http.Items[StoredSessionTickets.SessionIdItem] as string,
            Ip: http.Connection.RemoteIpAddress?.ToString(),
            UserAgent: http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, 300)] : null,
            AuthMethod: http.User.FindFirst("amr")?.Value ?? "oidc",
            ClientApp: "auditexplorer-web");
    }
}
