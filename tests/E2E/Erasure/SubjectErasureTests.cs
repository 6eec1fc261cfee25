using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Erasure;

[Collection(ExplorerCollection.Name)]
public sealed class SubjectErasureTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Officer_erases_a_subject_and_sees_erased_in_the_diff_while_the_chain_stays_intact()
    {
        // A path of its own, so the other tests' appends to acme are unaffected.
        var subject = "cust-" + Guid.NewGuid().ToString("N")[..8];
        var email = $"{subject}@erasure.example";
        await app.ExecuteAsync("""
            insert into audit.personal_data_paths (tenant_id, path, subject_path)
            values ('acme', '$.e2e_customer.email', '$.e2e_customer.id') on conflict do nothing
            """);
        var eventId = await app.ScalarAsync<Guid>(
            "select audit.append_event('acme', 'svc_crm', 'service', 'customer.create', 'create', 'customer', $1, null, $2::jsonb)",
            subject, $$$"""{"e2e_customer": {"id": "{{{subject}}}", "email": "{{{email}}}"}}""");
        await app.WaitUntilSealedAsync("acme");

        var page = await app.SignedInPageAsync("alice", $"/t/acme/events/{eventId}");
        await Expect(page.GetByText(email).First).ToBeVisibleAsync();

        await page.GotoAsync("/t/acme/subjects");
        await ExplorerAppFixture.WaitInteractiveAsync(page);
        await page.Locator("input[data-testid=erase-subject]").FillAsync(subject);
        await page.Locator("input[data-testid=erase-reason]").FillAsync("GDPR erasure request E2E-1");
        await page.GetByLabel("I understand this cannot be undone").CheckAsync();
        await page.GetByTestId("erase-start").ClickAsync();
        await Expect(page.GetByTestId("erase-done")).ToContainTextAsync(subject);
        Assert.Equal(0L, await app.ScalarAsync<long>("select count(*) from audit.personal_values where tenant_id = 'acme' and subject_id = $1", subject));

        await page.GotoAsync($"/t/acme/events/{eventId}");
        await ExplorerAppFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What changed" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-kind]").Filter(new() { HasText = "e2e_customer" }).First).ToContainTextAsync("erased");
        Assert.DoesNotContain(email, await page.ContentAsync());

        await app.WaitUntilSealedAsync("acme");
        await page.GotoAsync("/t/acme/integrity");
        await ExplorerAppFixture.WaitInteractiveAsync(page);
        await page.GetByTestId("verify-full").ClickAsync();
        await Expect(page.GetByTestId("verify-result")).ToContainTextAsync("Intact", new() { Timeout = 60_000 });
    }
}
