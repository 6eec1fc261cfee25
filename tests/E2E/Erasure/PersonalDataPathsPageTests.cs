using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Erasure;

[Collection(ExplorerCollection.Name)]
public sealed class PersonalDataPathsPageTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task An_audit_admin_marks_a_path_as_personal_and_later_values_there_leave_the_hashed_bytes()
    {
        var member = "e2e_pp_" + Guid.NewGuid().ToString("N")[..8];
        var dave = await app.SignedInPageAsync("dave", "/t/initech/personal-data");
        await Expect(dave.GetByRole(AriaRole.Heading, new() { Name = "Personal-data paths" })).ToBeVisibleAsync();

        // Bad input: the store's own words, nothing saved.
        await dave.Locator("input[data-testid=personal-path]").FillAsync(member + ".email");
        await dave.Locator("input[data-testid=personal-path-subject]").FillAsync($"$.{member}.id");
        await dave.Locator("input[data-testid=personal-path-reason]").FillAsync("DPIA E2E");
        await dave.GetByTestId("personal-path-save").ClickAsync();
        await Expect(dave.GetByTestId("personal-path-problem")).ToContainTextAsync("names a member of old/new values");

        await dave.Locator("input[data-testid=personal-path]").FillAsync($"$.{member}.email");
        await dave.GetByTestId("personal-path-save").ClickAsync();
        await Expect(dave.GetByTestId("personal-path-done")).ToBeVisibleAsync();
        await Expect(dave.GetByTestId("personal-paths-table")).ToContainTextAsync($"$.{member}.email");

        var email = member + "@pp.example";
        var id = await app.ScalarAsync<Guid>(
            "select audit.append_event('initech', 'svc_crm', 'service', 'customer.update', 'update', 'customer', 'c-pp', null, $1::jsonb)",
            $$$"""{"{{{member}}}": {"id": "c-pp", "email": "{{{email}}}"}}""");
        Assert.DoesNotContain(email, await app.ScalarAsync<string>("select new_values::text from audit.events where tenant_id = 'initech' and id = $1", id));

        await dave.GetByRole(AriaRole.Link, new() { Name = "Access log" }).ClickAsync();
        await ExplorerAppFixture.WaitInteractiveAsync(dave);
        await Expect(dave.GetByTestId("access-row").Filter(new() { HasText = "audit_log.personal_path_set" }).First).ToBeVisibleAsync();

        // Support staff have no such page (403 by the permission matrix).
        var bob = await app.SignedInPageAsync("bob", "/t/acme");
        await bob.GotoAsync("/t/acme/personal-data");
        await Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "No access" })).ToBeVisibleAsync();
        await Expect(bob.GetByTestId("personal-paths-table")).ToHaveCountAsync(0);
    }
}
