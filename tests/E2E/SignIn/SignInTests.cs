using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.SignIn;

[Collection(ExplorerCollection.Name)]
public sealed class SignInTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Officer_signs_in_through_the_identity_provider_and_sees_their_tenants()
    {
        var page = await app.SignedInPageAsync("alice");
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Alice Compliance");
        await Expect(page.GetByTestId("open-acme")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("open-globex")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("open-initech")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Wrong_password_shows_the_providers_error()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#username").FillAsync("alice");
        await page.Locator("#password").FillAsync("not-her-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#login-error")).ToContainTextAsync("Invalid username or password.");
        Assert.StartsWith(app.IdentityUrl, page.Url);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await app.SignedInPageAsync("alice", "/t/acme");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();

        // The explorer no longer serves data to this browser: it is sent back to the provider.
        await page.GotoAsync("/t/acme");
        await Expect(page.Locator("#username")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_out_while_the_open_page_rechecks_its_session_reaches_the_provider_and_does_not_sign_back_in()
    {
        var page = await app.SignedInPageAsync("alice", "/t/acme");
        var sentToSignIn = false;
        page.Request += (_, request) => sentToSignIn |= request.Url.StartsWith(app.BaseUrl + "/signin", StringComparison.Ordinal);
        // The provider answers end-session late, so the page's session checks (every 2 s in the fixture) find the
        // session gone while the browser is on its way there; sending it to sign-in then would sign alice back in.
        await page.RouteAsync(app.IdentityUrl + "/connect/endsession**", async route =>
        {
            await Task.Delay(6_000);
            await route.ContinueAsync();
        });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.False(sentToSignIn, "the page leaving through Sign out was sent to sign-in before the provider ended its session");

        await page.GotoAsync("/t/acme");
        await Expect(page.Locator("#username")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task User_without_tenants_is_told_how_to_get_access()
    {
        var page = await app.SignedInPageAsync("erin");
        await Expect(page.GetByTestId("no-tenants")).ToBeVisibleAsync();
    }
}
