using Deque.AxeCore.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Accessibility;

[Collection(ExplorerCollection.Name)]
public sealed class AccessibilityTests(ExplorerAppFixture app)
{
    public static TheoryData<string> Pages() => ["/", "/t/acme", "/t/acme/events", "record", "actor", "event"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Main_pages_have_no_serious_or_critical_accessibility_violations(string which)
    {
        var path = which switch
        {
            "record" => await RecordPathAsync(),
            "actor" => "/t/acme/actors/" + await app.ScalarAsync<string>("select actor_id from audit.events where tenant_id = 'acme' and actor_kind = 'user' limit 1"),
            "event" => "/t/acme/events/" + await app.ScalarAsync<Guid>("select id from audit.events where tenant_id = 'acme' and change_kind = 'update' limit 1"),
            _ => which,
        };
        var page = await app.SignedInAgainPageAsync("alice", path);
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    private async Task<string> RecordPathAsync()
    {
        var (type, id) = await app.RecordWithUpdatesAsync("acme");
        return $"/t/acme/records/{type}/{id}";
    }
}
