using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Integrity;

[Collection(ExplorerCollection.Name)]
public sealed class WitnessCosignatureTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task The_integrity_page_shows_the_witness_cosignature_verified_against_the_trusted_witness_key()
    {
        await app.WaitUntilSealedAsync("acme");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await app.ScalarAsync<long>("select count(*) from audit.checkpoint_cosignatures where tenant_id = 'acme'") == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the witness cosigned no checkpoint of acme within 60 s");
            await Task.Delay(500);
        }

        var page = await app.SignedInPageAsync("alice", "/t/acme/integrity");

        var table = page.GetByTestId("checkpoint-cosignatures");
        await Expect(table).ToContainTextAsync(ExplorerAppFixture.WitnessName);
        await Expect(table).ToContainTextAsync(app.WitnessKey.Split('+')[1]);
        await Expect(table.GetByTestId("cosignature-status").First).ToHaveTextAsync("Verified");
    }
}
