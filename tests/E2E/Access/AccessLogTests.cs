using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Access;

[Collection(ExplorerCollection.Name)]
public sealed class AccessLogTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task A_second_officer_finds_a_record_view_in_the_access_log()
    {
        var (type, id) = await app.RecordWithUpdatesAsync("acme");
        var alice = await app.SignedInPageAsync("alice", $"/t/acme/records/{type}/{id}");
        await Expect(alice.GetByTestId("event-row").First).ToBeVisibleAsync();

        var frank = await app.SignedInPageAsync("frank", $"/t/acme/access-log?type={type}&id={id}");
        var entry = frank.GetByTestId("access-row").Filter(new() { HasText = "Alice Compliance" }).First;
        await Expect(entry).ToContainTextAsync("audit_log.view");
        await Expect(entry).ToContainTextAsync($"{type}/{id}");

        // The same record's "viewed by" panel shows it too.
        await frank.GotoAsync($"/t/acme/records/{type}/{id}");
        await ExplorerAppFixture.WaitInteractiveAsync(frank);
        await frank.GetByText("Viewed by").ClickAsync();
        await Expect(frank.GetByTestId("access-row").Filter(new() { HasText = "Alice Compliance" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_in_is_recorded_for_each_of_the_users_tenants()
    {
        var before = await app.ScalarAsync<long>("select count(*) from audit.events where actor_id = 'usr_dave' and action = 'audit_log.sign_in'");
        await app.SignedInPageAsync("dave");
        var after = await app.ScalarAsync<long>("select count(*) from audit.events where actor_id = 'usr_dave' and action = 'audit_log.sign_in'");
        Assert.Equal(before + 3, after);
    }

    [Fact]
    public async Task A_required_purpose_blocks_viewing_until_given_and_is_recorded()
    {
        await app.ExecuteAsync("update audit.tenants set require_access_reason = true where tenant_id = 'globex'");
        try
        {
            var page = await app.SignedInPageAsync("alice", "/t/globex");
            await Expect(page.GetByTestId("purpose-prompt")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("event-row")).ToHaveCountAsync(0);
            var viewsBefore = await app.ScalarAsync<long>("select count(*) from audit.events where tenant_id = 'globex' and action = 'audit_log.view'");

            await page.GetByTestId("purpose-continue").ClickAsync();
            await Expect(page.GetByText("Say why you need access")).ToBeVisibleAsync();

            await page.GetByLabel("Purpose or ticket id").FillAsync("INC-4242 outage investigation");
            await page.GetByText("Break-glass").ClickAsync();
            await page.GetByTestId("purpose-continue").ClickAsync();
            await Expect(page.GetByTestId("event-row").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("purpose-banner")).ToContainTextAsync("INC-4242");

            Assert.Equal(viewsBefore + 1, await app.ScalarAsync<long>("select count(*) from audit.events where tenant_id = 'globex' and action = 'audit_log.view'"));
            Assert.Equal("INC-4242 outage investigation", await app.ScalarAsync<string>(
                "select context ->> 'reason' from audit.events where tenant_id = 'globex' and action = 'audit_log.view' order by recorded_at desc limit 1"));

            await page.GetByRole(AriaRole.Link, new() { Name = "Access log" }).ClickAsync();
            await Expect(page.GetByTestId("break-glass").First).ToBeVisibleAsync();
        }
        finally
        {
            await app.ExecuteAsync("update audit.tenants set require_access_reason = false where tenant_id = 'globex'");
        }
    }

    [Fact]
    public async Task When_access_cannot_be_recorded_no_events_are_shown()
    {
        var page = await app.SignedInPageAsync("alice");
        await app.ExecuteAsync(AppendPrivilege("revoke", "from"));
        try
        {
            await page.GotoAsync("/t/acme/events");
            await ExplorerAppFixture.WaitInteractiveAsync(page);
            await Expect(page.GetByTestId("timeline-error")).ToContainTextAsync("This access could not be recorded, so nothing is shown.");
            await Expect(page.GetByTestId("event-row")).ToHaveCountAsync(0);
        }
        finally
        {
            await app.ExecuteAsync(AppendPrivilege("grant", "to"));
        }
    }

    private static string AppendPrivilege(string verb, string direction) =>
        $"{verb} execute on function audit.append_access_event(text, text, text, text, text, jsonb) {direction} auditexplorer_reader";
}
