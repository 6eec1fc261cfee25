using System.Security.Claims;
using AuditExplorer.Data.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuditExplorer.Web.SignIn;

/// <summary>
/// The cookie handler's session store: the browser's cookie carries only a random session key,
/// the sign-in itself is a row in <c>web.sessions</c> (<see cref="SessionStore"/>). Deleting the
/// row on sign-out makes every copy of the cookie worthless.
/// </summary>
internal sealed class StoredSessionTickets(SessionStore store) : ITicketStore
{
    /// <summary>HttpContext item holding the session's public correlation id, for access events.</summary>
    public const string SessionIdItem = "auditexplorer.session-id";

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    /// <summary>Claim in the stored ticket naming its own session (hex SHA-256 of the key), so an open page can ask whether it still lives.</summary>
    public const string SessionClaimType = "explorer_session";

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = SessionKey.New();
        if (ticket.Principal.Identity is ClaimsIdentity identity)
            identity.AddClaim(new Claim(SessionClaimType, Convert.ToHexStringLower(SessionKey.HashOf(key)!)));
        await store.CreateAsync(key, TicketSerializer.Default.Serialize(ticket), cancellationToken);
        return key;
    }

    /// <summary>The key hash a principal's session was stored under, or null for a principal that did not come from this store.</summary>
    public static byte[]? SessionHashOf(ClaimsPrincipal principal)
    {
        var hex = principal.FindFirst(SessionClaimType)?.Value;
        if (hex is not { Length: 64 }) return null;
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var key = await StoreAsync(ticket, cancellationToken);
        httpContext.Items[SessionIdItem] = SessionKey.CorrelationIdOf(key);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    // A session that expired or was signed out meanwhile stays ended: the store never revives it.
    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        store.RenewAsync(key, TicketSerializer.Default.Serialize(ticket), cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) =>
        await store.ReadAsync(key, cancellationToken) is { } bytes ? TicketSerializer.Default.Deserialize(bytes) : null;

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var ticket = await RetrieveAsync(key, cancellationToken);
        if (ticket is not null) httpContext.Items[SessionIdItem] = SessionKey.CorrelationIdOf(key);
        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => store.DeleteAsync(key, cancellationToken);
}
