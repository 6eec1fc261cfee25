using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Timelines;

[Collection(ExplorerCollection.Name)]
public sealed class WordSearchTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task An_officer_finds_a_sealed_event_by_a_word_in_its_values_and_is_told_search_covers_sealed_events()
    {
        var word = "zyzzyva" + Guid.NewGuid().ToString("N")[..8];
        var id = await app.ScalarAsync<Guid>(
            "select audit.append_event('acme', 'usr_e2e', 'user', 'note.update', 'update', 'note', 'n-search', null, jsonb_build_object('note', $1::text), '{}'::jsonb, now() - interval '1 minute')",
            word);
        await app.WaitUntilSealedAsync("acme");
        var page = await app.SignedInPageAsync("alice", "/t/acme/events");

        await Expect(page.GetByText("Searches sealed events only")).ToBeVisibleAsync();
        await page.GetByLabel("Text in values").FillAsync(word);
        await page.GetByTestId("apply-filters").ClickAsync();

        var rows = page.GetByTestId("event-row");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-event-id", id.ToString());
        Assert.Contains("q=" + word, page.Url);

        // A word no event holds finds nothing, so the hit above came from the search.
        await page.GetByLabel("Text in values").FillAsync(word + "x");
        await page.GetByTestId("apply-filters").ClickAsync();
        await Expect(rows).ToHaveCountAsync(0);
    }
}
