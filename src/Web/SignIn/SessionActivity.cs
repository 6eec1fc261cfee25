using AuditExplorer.Data.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AuditExplorer.Web.SignIn;

/// <summary>
/// Counts clicks and typing on an open page as use of its session, so someone working inside one
/// page is not idle-expired; at most one store write per minute. Without activity the session
/// expires and <see cref="SessionRevalidation"/> ends the page.
/// </summary>
internal sealed class SessionActivity(AuthenticationStateProvider authentication, SessionStore store, ILogger<SessionActivity> logger) : CircuitHandler
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastTouch = DateTimeOffset.MinValue;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var now = DateTimeOffset.UtcNow;
            if (now - _lastTouch >= TouchEvery)
            {
                _lastTouch = now;
                await TouchAsync();
            }
            await next(context);
        };

    private async Task TouchAsync()
    {
        try
        {
            var state = await authentication.GetAuthenticationStateAsync();
            if (StoredSessionTickets.SessionHashOf(state.User) is { } hash) await store.TouchAsync(hash, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // Not extending is safe: the session then expires sooner, never later.
            logger.LogWarning(ex, "Could not record activity on an open page's session");
        }
    }
}
