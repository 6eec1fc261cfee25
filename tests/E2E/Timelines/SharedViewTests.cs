using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Timelines;

[Collection(ExplorerCollection.Name)]
public sealed class SharedViewTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task A_copied_link_opens_the_same_filtered_page_for_a_colleague()
    {
        var page = await app.SignedInPageAsync("alice", "/t/acme/events?kind=update&size=25");
        var rows = page.GetByTestId("event-row");
        await Expect(rows).ToHaveCountAsync(25);
        var firstPageTop = await rows.First.GetAttributeAsync("data-event-id");
        await page.GetByTestId("page-next").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("cursor="));
        await Expect(rows.First).Not.ToHaveAttributeAsync("data-event-id", firstPageTop!);
        await Expect(rows).ToHaveCountAsync(25);
        var ids = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.eventId)");
        Assert.All(await rows.AllInnerTextsAsync(), t => Assert.Contains("update", t));

        var colleague = await app.SignedInPageAsync("frank", new Uri(page.Url).PathAndQuery);
        await Expect(colleague.GetByTestId("event-row")).ToHaveCountAsync(25);
        Assert.Equal(ids, await colleague.GetByTestId("event-row").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.eventId)"));

        await colleague.GoBackAsync();
        await colleague.GoForwardAsync();
        await Expect(colleague.GetByTestId("event-row").First).ToHaveAttributeAsync("data-event-id", ids[0]);
    }

    [Fact]
    public async Task An_edited_cursor_gets_a_clear_400_page()
    {
        var page = await app.SignedInPageAsync("alice", "/t/acme");
        var response = await page.GotoAsync("/t/acme?cursor=AAAAbroken");
        Assert.Equal((int)HttpStatusCode.BadRequest, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This page link is not valid");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the first page" }).ClickAsync();
        await ExplorerAppFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByTestId("event-row").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_pager_works_from_the_keyboard()
    {
        var page = await app.SignedInPageAsync("alice", "/t/acme/events");
        var rows = page.GetByTestId("event-row");
        await Expect(rows.First).ToBeVisibleAsync();
        var first = await rows.First.GetAttributeAsync("data-event-id");
        var older = page.GetByTestId("page-next").First;
        await page.GetByTestId("apply-filters").FocusAsync();
        for (var i = 0; i < 6 && !await older.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
            await page.Keyboard.PressAsync("Tab");
        Assert.True(await older.EvaluateAsync<bool>("b => b === document.activeElement"), "Older is reachable with Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(rows.First).Not.ToHaveAttributeAsync("data-event-id", first!);
    }
}
