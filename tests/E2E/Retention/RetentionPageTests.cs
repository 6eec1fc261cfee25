using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Retention;

[Collection(ExplorerCollection.Name)]
public sealed class RetentionPageTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task An_audit_admin_sets_a_period_and_a_hold_and_finds_both_in_the_access_log()
    {
        var matter = "Litigation E2E-" + Guid.NewGuid().ToString("N")[..8];
        var dave = await app.SignedInPageAsync("dave", "/t/initech/retention");
        await Expect(dave.GetByTestId("retention-current")).ToBeVisibleAsync();

        // Below the minimum (12 months) is refused with the store's own words, and nothing changes.
        await dave.Locator("input[data-testid=retention-period]").FillAsync("6m");
        await dave.Locator("input[data-testid=retention-reason]").FillAsync(matter + " too short");
        await dave.GetByTestId("retention-save").ClickAsync();
        await Expect(dave.GetByTestId("retention-problem")).ToContainTextAsync("minimum of 12 months");

        await dave.Locator("input[data-testid=retention-period]").FillAsync("8y");
        await dave.Locator("input[data-testid=retention-reason]").FillAsync(matter + " contracts");
        await dave.GetByTestId("retention-save").ClickAsync();
        await Expect(dave.GetByTestId("retention-current")).ToContainTextAsync("8 years");

        await dave.Locator("input[data-testid=hold-reason]").FillAsync(matter);
        await dave.GetByTestId("hold-place").ClickAsync();
        await Expect(dave.GetByTestId("holds-table")).ToContainTextAsync(matter);

        await dave.GetByRole(AriaRole.Link, new() { Name = "Access log" }).ClickAsync();
        await ExplorerAppFixture.WaitInteractiveAsync(dave);
        await Expect(dave.GetByTestId("access-row").Filter(new() { HasText = "audit_log.retention_set" }).First).ToBeVisibleAsync();
        await Expect(dave.GetByTestId("access-row").Filter(new() { HasText = "audit_log.hold_place" }).First).ToBeVisibleAsync();

        // Support staff have no retention page (403 by the permission matrix).
        var bob = await app.SignedInPageAsync("bob", "/t/acme");
        await bob.GotoAsync("/t/acme/retention");
        await Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "No access" })).ToBeVisibleAsync();
        await Expect(bob.GetByTestId("retention-current")).ToHaveCountAsync(0);
    }
}
