using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.SignIn;

/// <summary>
/// A signed-out session is dead (issue 9, point 3): a copy of its cookie, replayed in another
/// browser, reaches the identity provider's sign-in page, never data, and records nothing.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class SessionReplayTests(ExplorerAppFixture app)
{
    private const string SessionCookie = "auditexplorer.session";
    private const string EventsPage = "/t/acme/events";

    [Fact]
    public async Task A_copied_cookie_works_until_sign_out_and_never_after()
    {
        var page = await app.SignedInPageAsync("alice", EventsPage);
        await Expect(page.GetByTestId("event-row").First).ToBeVisibleAsync();
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == SessionCookie);

        // Contrast: while the session lives, the copy opens the page like the original and is recorded in alice's name.
        var session = await LatestAliceSessionIdAsync();
        Assert.Matches("^[0-9a-f]{16}$", session);
        var before = await AliceAccessEventsAsync();
        var live = await BrowserWithAsync(cookie);
        await live.GotoAsync(EventsPage);
        await ExplorerAppFixture.WaitInteractiveAsync(live);
        await Expect(live.GetByTestId("event-row").First).ToBeVisibleAsync();
        Assert.True(await AliceAccessEventsAsync() > before, "the live copy was recorded as alice's access");
        Assert.Equal(session, await LatestAliceSessionIdAsync());
        await live.Context.CloseAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();
        var afterSignOut = await AliceAccessEventsAsync();

        var replay = await BrowserWithAsync(cookie);
        var response = await replay.GotoAsync(EventsPage);

        await Expect(replay.Locator("#username")).ToBeVisibleAsync();
        Assert.StartsWith(app.IdentityUrl, replay.Url);
        Assert.DoesNotContain("event-row", await response!.TextAsync());
        await Expect(replay.GetByTestId("event-row")).ToHaveCountAsync(0);
        Assert.Equal(afterSignOut, await AliceAccessEventsAsync());
        await replay.Context.CloseAsync();
    }

    [Fact]
    public async Task An_open_page_loses_its_user_soon_after_the_session_is_signed_out_elsewhere()
    {
        var page = await app.SignedInPageAsync("alice", "/t/acme");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == SessionCookie);
        var sentToSignIn = false;
        page.Request += (_, request) => sentToSignIn |= request.Url.StartsWith(app.BaseUrl + "/signin", StringComparison.Ordinal);

        // Contrast: while the session lives, the page survives several revalidations (2 s apart in the E2E fixture).
        await page.WaitForTimeoutAsync(5_000);
        Assert.False(sentToSignIn, "a live session must not be sent to sign-in");

        var other = await BrowserWithAsync(cookie);
        await other.GotoAsync("/t/acme");
        await ExplorerAppFixture.WaitInteractiveAsync(other);
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(other.GetByTestId("signed-out")).ToBeVisibleAsync();

        // The redirect may come while the sign-out above is still being confirmed, so look at what was seen
        // rather than wait for a request that may already have gone.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!sentToSignIn && DateTime.UtcNow < deadline) await page.WaitForTimeoutAsync(250);
        Assert.True(sentToSignIn, "the open page was not sent to sign-in within 30 s of the sign-out");
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task Sign_out_returns_through_the_provider_with_the_id_token_and_ends_its_session_too()
    {
        var page = await app.SignedInPageAsync("alice", "/t/acme");

        // Contrast: without signing out of the provider, losing the explorer's cookie signs in again without a password.
        await page.Context.ClearCookiesAsync(new() { Name = SessionCookie });
        await page.GotoAsync("/t/acme");
        await ExplorerAppFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Alice Compliance");

        // The session row keeps the ID token for id_token_hint and nothing the explorer never uses.
        Assert.True(await app.ScalarAsync<long>("select count(*) from web.sessions where position('id_token' in encode(ticket, 'escape')) > 0") >= 1);
        Assert.Equal(0L, await app.ScalarAsync<long>("select count(*) from web.sessions where position('access_token' in encode(ticket, 'escape')) > 0"));

        var endSession = page.WaitForRequestAsync(r => r.Url.StartsWith(app.IdentityUrl + "/connect/endsession", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        var request = await endSession;
        await Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(request.Url).Query);
        Assert.False(string.IsNullOrEmpty(query["id_token_hint"]), "RP-initiated sign-out sends id_token_hint");
        Assert.Equal(app.BaseUrl + "/signout-callback-oidc", query["post_logout_redirect_uri"]);
        Assert.Equal(app.BaseUrl + "/signed-out", page.Url);

        await page.GotoAsync("/signin?returnUrl=%2Ft%2Facme");
        await Expect(page.Locator("#password")).ToBeVisibleAsync();
        Assert.StartsWith(app.IdentityUrl, page.Url);
    }

    [Theory]
    [InlineData("post_logout_redirect_uri=https%3A%2F%2Fevil.example%2Fsignout-callback-oidc")]
    [InlineData("id_token_hint=not-a-token")]
    public async Task The_provider_refuses_a_sign_out_it_cannot_trust(string query)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await http.GetAsync(app.IdentityUrl + "/connect/endsession?" + query);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    private async Task<IPage> BrowserWithAsync(BrowserContextCookiesResult cookie)
    {
        var page = await app.NewPageAsync();
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path,
            HttpOnly = cookie.HttpOnly, Secure = cookie.Secure, SameSite = cookie.SameSite,
        }]);
        return page;
    }

    private Task<string> LatestAliceSessionIdAsync() =>
        app.ScalarAsync<string>("select coalesce(context ->> 'session_id', '') from audit.events where actor_id = 'usr_alice' and change_kind = 'access' order by recorded_at desc limit 1");

    private Task<long> AliceAccessEventsAsync() =>
        app.ScalarAsync<long>("select count(*) from audit.events where actor_id = 'usr_alice' and change_kind = 'access'");
}
