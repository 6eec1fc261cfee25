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

        // The tenant's monitor can require the witness too: its key passes, a witness that never saw the log does not.
        var (tokenExit, tokenOutput) = await app.CliAsync("monitor-token", "--tenant", "acme", "--label", "witness-e2e");
        Assert.True(tokenExit == 0, tokenOutput);
        var token = tokenOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("aemt_", StringComparison.Ordinal));
        var dir = Directory.CreateTempSubdirectory("ae-e2e-monitor-").FullName;
        var (foreignExit, foreignKey) = await app.CliAsync("witness", "keygen", "--name", "witness.e2e/other", "--out", Path.Combine(dir, "other.pem"));
        Assert.True(foreignExit == 0, foreignKey);
        Task<(int ExitCode, string Output)> Monitor(string witnessKey) => app.CliAsync("monitor", "--url", app.BaseUrl, "--tenant", "acme",
            "--token", token, "--key", app.PublicKey, "--state", Path.Combine(dir, "monitor.jsonl"), "--witness-key", witnessKey);
        // Page views append access events, so acme's newest checkpoint may be seconds away from its cosignature.
        var witnessed = await Monitor(app.WitnessKey);
        for (var i = 0; i < 20 && witnessed.ExitCode == 5; i++)
        {
            await Task.Delay(1000);
            witnessed = await Monitor(app.WitnessKey);
        }
        var foreign = await Monitor(foreignKey.Trim());
        Directory.Delete(dir, true);

        Assert.True(witnessed.ExitCode == 0, witnessed.Output);
        Assert.Contains("Witnessed by " + ExplorerAppFixture.WitnessName, witnessed.Output);
        Assert.True(foreign.ExitCode == 5, foreign.Output);
        Assert.Contains("NOT WITNESSED", foreign.Output);
    }
}
