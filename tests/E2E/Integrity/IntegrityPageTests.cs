using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Integrity;

[Collection(ExplorerCollection.Name)]
public sealed class IntegrityPageTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Officer_verifies_a_tenants_chain_and_the_run_is_recorded()
    {
        await app.WaitUntilSealedAsync("acme");
        var before = await app.ScalarAsync<long>("select count(*) from audit.events where tenant_id = 'acme' and action = 'audit_log.verify' and actor_id = 'usr_alice'");
        var page = await app.SignedInPageAsync("alice", "/t/acme/integrity");
        await Expect(page.GetByTestId("chain-length")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Sealed events\s+[1-9][\d,.]*"));

        await page.GetByTestId("verify-full").ClickAsync();
        await Expect(page.GetByTestId("verify-result")).ToContainTextAsync("Intact", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("verification-history")).ToContainTextAsync("Intact");
        Assert.Equal(before + 1, await app.ScalarAsync<long>(
            "select count(*) from audit.events where tenant_id = 'acme' and action = 'audit_log.verify' and actor_id = 'usr_alice'"));
    }

    [Fact]
    public async Task A_changed_event_is_named_with_its_sequence_number()
    {
        await app.WaitUntilSealedAsync("initech");
        var seq = await app.ScalarAsync<long>("select seq from audit.seals where tenant_id = 'initech' order by seq limit 1 offset 5");
        // An attacker with superuser rights edits a sealed event behind the append-only trigger.
        await app.ExecuteAsync($"""
            begin;
            set local session_replication_role = replica;
            update audit.events e set new_values = '{"{"}"tampered": true{"}"}'::jsonb
              from audit.seals s where s.tenant_id = 'initech' and s.seq = {seq} and e.tenant_id = s.tenant_id and e.id = s.event_id;
            commit;
            """);

        var page = await app.SignedInPageAsync("carol", "/t/initech/integrity");
        await page.GetByTestId("verify-full").ClickAsync();
        var result = page.GetByTestId("verify-result");
        await Expect(result).ToContainTextAsync("Damage found", new() { Timeout = 60_000 });
        await Expect(result).ToContainTextAsync($"seq {seq}");
        await Expect(page.GetByTestId("findings")).ToContainTextAsync("EventAltered");
    }
}
