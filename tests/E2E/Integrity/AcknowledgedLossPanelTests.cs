using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Integrity;

/// <summary>The Integrity page lists a tenant's acknowledged losses (audit.acknowledged_losses) as a warning, as text.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class AcknowledgedLossPanelTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task An_acknowledged_loss_is_listed_on_its_tenants_integrity_page_and_nowhere_else()
    {
        await app.ExecuteAsync("""
            insert into audit.acknowledged_losses (tenant_id, acknowledgement_id, lost_from_seq, lost_through_seq, restored_size,
                restored_root, lost_root, lost_signed_at, acknowledged_by, reason, case_id, note, event_id)
            values ('globex', gen_random_uuid(), 101, 120, 100, decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'), now(),
                'ops:alice', 'disk lost <b>after</b> the backup', 'INC-7', 'note', gen_random_uuid())
            """);

        var page = await app.SignedInPageAsync("alice", "/t/globex/integrity");
        var loss = page.GetByTestId("acknowledged-loss");
        await Expect(loss).ToContainTextAsync("seqs 101–120 lost, acknowledged by ops:alice at ");
        // The operator's words are text, never markup.
        await Expect(loss).ToContainTextAsync("disk lost <b>after</b> the backup (case INC-7)");
        await Expect(page.GetByTestId("acknowledged-losses")).ToContainTextAsync("not complete");

        var other = await app.SignedInPageAsync("alice", "/t/acme/integrity");
        await Expect(other.GetByTestId("chain-length")).ToBeVisibleAsync();
        await Expect(other.GetByTestId("acknowledged-losses")).ToHaveCountAsync(0);
    }
}
