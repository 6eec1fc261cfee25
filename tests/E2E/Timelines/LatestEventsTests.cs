using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Timelines;

[Collection(ExplorerCollection.Name)]
public sealed class LatestEventsTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Officer_pages_older_and_back_newer_through_a_tenants_events()
    {
        var page = await app.SignedInPageAsync("alice");
        await page.GetByTestId("open-acme").ClickAsync();
        var rows = page.GetByTestId("event-row");
        await Expect(rows).ToHaveCountAsync(50);
        var first = await IdsAsync(rows);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ExplorerAppFixture.RepoRoot(), "docs", "images", "events-page.png"), FullPage = false });

        await page.GetByTestId("page-next").First.ClickAsync();
        await Expect(rows.First).Not.ToHaveAttributeAsync("data-event-id", first[0]);
        var second = await IdsAsync(rows);
        Assert.Equal(50, second.Count);
        Assert.Empty(first.Intersect(second));
        Assert.Contains("cursor=", page.Url);

        await page.GetByTestId("page-previous").First.ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-event-id", first[0]);
        Assert.Equal(first, await IdsAsync(rows));
        await Expect(page.GetByTestId("page-previous").First).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Support_engineer_opening_another_tenant_is_refused_with_403_and_no_data()
    {
        var page = await app.SignedInPageAsync("bob", "/");
        var response = await page.GotoAsync("/t/globex");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByTestId("refused")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("event-row")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Unknown_tenant_looks_the_same_as_a_forbidden_one()
    {
        var page = await app.SignedInPageAsync("bob", "/");
        var unknown = await page.GotoAsync("/t/does-not-exist");
        var unknownText = await page.GetByTestId("refused").InnerTextAsync();
        var forbidden = await page.GotoAsync("/t/globex");
        Assert.Equal(unknown!.Status, forbidden!.Status);
        Assert.Equal(unknownText, await page.GetByTestId("refused").InnerTextAsync());
    }

    private static async Task<List<string>> IdsAsync(ILocator rows) =>
        (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.eventId)")).ToList();
}
