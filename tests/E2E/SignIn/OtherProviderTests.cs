using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.SignIn;

/// <summary>
/// Sign-in with a provider that behaves like many certified ones (issue 9, point 9): roles arrive as
/// <c>roles</c>, and roles and tenants only from the userinfo endpoint, not in the ID token.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class OtherProviderTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Roles_named_roles_and_claims_only_in_userinfo_are_read_when_the_setting_asks_for_userinfo()
    {
        var (eventId, email) = await app.EventWithPersonalEmailAsync("acme");
        var readsUserInfo = $"http://127.0.0.1:{ExtraInstances.FreePort()}";
        var idTokenOnly = $"http://127.0.0.1:{ExtraInstances.FreePort()}";
        var idpUrl = $"http://127.0.0.1:{ExtraInstances.FreePort()}";
        // The web apps need the provider only at sign-in, so all three start side by side.
        var started = await ExtraInstances.TogetherAsync(
            ExtraInstances.StartIdentityAsync("DevIdentity-userinfo-only", [readsUserInfo, idTokenOnly], new Dictionary<string, string>
            {
                ["DevIdentity__RoleClaimName"] = "roles",
                ["DevIdentity__ListsInUserInfoOnly"] = "true",
            }, idpUrl),
            ExtraInstances.StartWebAsync("Web-userinfo", app.Database, idpUrl, app.KeyDirectory,
                new Dictionary<string, string> { ["Oidc__GetClaimsFromUserInfoEndpoint"] = "true" }, readsUserInfo),
            ExtraInstances.StartWebAsync("Web-id-token-only", app.Database, idpUrl, app.KeyDirectory, url: idTokenOnly));
        await using var idp = started[0].Program;
        await using var withUserInfo = started[1].Program;
        await using var withoutUserInfo = started[2].Program;

        var officer = await SignInAsync(readsUserInfo, "alice", $"/t/acme/events/{eventId}");
        await Expect(officer.GetByText(email).First).ToBeVisibleAsync();

        // Contrast: the same provider and person, without the setting, yields no tenants at all.
        var nobody = await SignInAsync(idTokenOnly, "alice", "/");
        await Expect(nobody.GetByTestId("no-tenants")).ToBeVisibleAsync();
        await officer.Context.CloseAsync();
        await nobody.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(string baseUrl, string user, string path)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "en-GB", TimezoneId = "Europe/Berlin" });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(user + ExplorerAppFixture.DemoPasswordSuffix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ExplorerAppFixture.WaitInteractiveAsync(page);
        return page;
    }
}
