using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Events;

[Collection(ExplorerCollection.Name)]
public sealed class EventDetailTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Officer_finds_a_records_history_and_opens_what_changed()
    {
        var (type, id) = await app.RecordWithUpdatesAsync("acme");
        var page = await app.SignedInPageAsync("alice", "/t/acme");
        await page.GetByLabel("Entity type").First.FillAsync(type);
        await page.GetByLabel("Entity id").FillAsync(id);
        await page.GetByTestId("open-record").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"{type}/{id}");

        var update = page.GetByTestId("event-row").Filter(new() { HasText = $"{type}.update" }).First;
        await update.GetByRole(AriaRole.Link, new() { NameRegex = new("^Details") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What changed" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("event-fields")).ToContainTextAsync(id);
        await Expect(page.Locator("tr[data-kind]").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ExplorerAppFixture.RepoRoot(), "docs", "images", "event-detail.png"), FullPage = true });
    }

    [Fact]
    public async Task Support_engineer_sees_personal_data_redacted_and_officer_sees_it()
    {
        var (eventId, email) = await app.EventWithPersonalEmailAsync("acme");

        var support = await app.SignedInPageAsync("bob", $"/t/acme/events/{eventId}");
        await Expect(support.GetByRole(AriaRole.Heading, new() { Name = "What changed" })).ToBeVisibleAsync();
        Assert.DoesNotContain(email, await support.ContentAsync());
        await Expect(support.GetByText("redacted").First).ToBeVisibleAsync();

        var officer = await app.SignedInPageAsync("alice", $"/t/acme/events/{eventId}");
        await Expect(officer.GetByText(email).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_value_containing_a_script_tag_renders_as_text()
    {
        var eventId = await app.ScalarAsync<Guid>(
            "select id from audit.events where tenant_id = 'acme' and new_values::text like '%<script>alert(1)</script>%' order by occurred_at limit 1");
        var page = await app.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync($"/t/acme/events/{eventId}");
        await page.Locator("#username").FillAsync("alice");
        await page.Locator("#password").FillAsync("alice" + ExplorerAppFixture.DemoPasswordSuffix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ExplorerAppFixture.WaitInteractiveAsync(page);

        await Expect(page.GetByText("<script>alert(1)</script>").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("script:text('alert(1)')").CountAsync());
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task Unknown_event_id_says_so()
    {
        var page = await app.SignedInPageAsync("alice", $"/t/acme/events/{Guid.NewGuid()}");
        await Expect(page.GetByTestId("event-error")).ToContainTextAsync("no event with this id");
    }
}
