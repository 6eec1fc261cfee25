using AuditExplorer.Data.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace AuditExplorer.Web.SignIn;

/// <summary>
/// Keeps an open page honest: a Blazor circuit authenticates once, when it starts, so every
/// <see cref="SessionSettings.RevalidationInterval"/> it asks the store whether its session still
/// lives. Signed out (anywhere), idle or past its absolute lifetime, the page loses its user and
/// is sent to sign-in. A failed check counts as "not live" (fail-closed).
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory loggerFactory, SessionStore store, SessionSettings settings)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => settings.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        StoredSessionTickets.SessionHashOf(authenticationState.User) is { } hash && await store.IsLiveAsync(hash, cancellationToken);
}
