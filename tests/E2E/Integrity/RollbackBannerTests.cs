using AuditExplorer.Tests.E2E.SignIn;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Integrity;

/// <summary>
/// The Integrity page raises the signer's alarm: a database superuser without the key rolls a tenant back, and the
/// page shows a banner naming the rollback. Runs on a database of its own (its own sealer, key and signer's record,
/// its own "acme"), so the rollback touches nothing other tests read. Its web app holds no private key and no
/// sealer connection, as in production: only the public key and the path of the signer's record.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class RollbackBannerTests(ExplorerAppFixture app)
{
    private const string Tenant = RollbackTestDatabase.Tenant;

    [Fact]
    public async Task A_rolled_back_tenant_shows_a_banner_naming_both_sizes_where_the_intact_log_showed_none()
    {
        await using var bed = await RollbackTestDatabase.CreateAsync();
        var webUrl = $"http://127.0.0.1:{ExtraInstances.FreePort()}";
        // The provider starts while the log grows: it needs nothing from it.
        var idpStarting = ExtraInstances.StartIdentityAsync("DevIdentity-rollback", [webUrl]);
        string publicKey;
        try
        {
            await bed.AppendAsync(30);
            await bed.UntilCheckpointAsync(30);
            await bed.AppendAsync(20);
            await bed.UntilCheckpointAsync(50);
            publicKey = await bed.PublicKeyAsync();
        }
        catch
        {
            await ExtraInstances.StopWhenStartedAsync(idpStarting);
            throw;
        }

        var (idpUrl, idp) = await idpStarting;
        await using (idp)
        {
            var noKeys = Directory.CreateTempSubdirectory("ae-web-nokey-").FullName;
            var (_, web) = await ExtraInstances.StartWebAsync("Web-rollback", bed.Database, idpUrl, noKeys, new Dictionary<string, string>
            {
                ["ConnectionStrings__Sealer"] = "",
                ["Checkpoints__TrustedKeys__0"] = publicKey,
                ["Checkpoints__SignedRecordPath"] = bed.SignedRecordPath,
            }, webUrl);
            await using (web)
            {
                using var http = new HttpClient();
                IPage page;
                try
                {
                    page = await SignInAsync(webUrl, "alice", $"/t/{Tenant}/integrity");
                }
                catch (InvalidOperationException ex)
                {
                    throw new InvalidOperationException($"{ex.Message}\n--- web ---\n{web.Output}\n--- identity ---\n{idp.Output}", ex);
                }
                // 50 events and the sign-in's own access event.
                await Expect(page.GetByTestId("chain-length")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\b5\d\b"));
                await Expect(page.GetByTestId("last-seal")).ToContainTextAsync("last sealed");
                await Expect(page.GetByTestId("signer-record-banner")).ToHaveCountAsync(0);
                Assert.Equal("Healthy", await http.GetStringAsync(webUrl + "/health/ready"));

                var signed = await bed.SettleAndStopSealerAsync();
                await bed.RollBackAsync(30);

                await page.ReloadAsync();
                await ExplorerAppFixture.WaitInteractiveAsync(page);
                var banner = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "rolled back" });
                await Expect(banner).ToBeVisibleAsync();
                await Expect(banner).ToContainTextAsync($"rolled back from size {signed} to 30");
                await Expect(banner).ToContainTextAsync("First noticed by this app at");
                await Expect(banner).ToContainTextAsync("verify-chain --tenant acme --full --checkpoints");
                await Expect(page.GetByTestId("signer-record-banner")).ToHaveAttributeAsync("data-kind", "RolledBack");
                Assert.Equal("Degraded", await http.GetStringAsync(webUrl + "/health/ready"));
                await page.Context.CloseAsync();
            }
            // It served pages and raised the alarm without ever making or reading a private key.
            Assert.Empty(Directory.EnumerateFileSystemEntries(noKeys));
            Directory.Delete(noKeys);
        }
    }

    [Fact]
    public async Task The_web_app_needs_no_key_or_sealer_connection_unless_told_to_seal()
    {
        var noKeys = Directory.CreateTempSubdirectory("ae-web-nokey-").FullName;
        var webUrl = $"http://127.0.0.1:{ExtraInstances.FreePort()}";
        var idpUrl = $"http://127.0.0.1:{ExtraInstances.FreePort()}";
        // The provider, the web app and the refused start are independent, so they run side by side.
        var starting = ExtraInstances.TogetherAsync(
            ExtraInstances.StartIdentityAsync("DevIdentity-nokey", [webUrl], url: idpUrl),
            ExtraInstances.StartWebAsync("Web-nokey", app.Database, idpUrl, noKeys,
                new Dictionary<string, string> { ["ConnectionStrings__Sealer"] = "", ["Checkpoints__TrustedKeys__0"] = app.PublicKey }, webUrl));
        // Contrast: asked to seal in-process, the same configuration refuses to start and says why.
        var refused = RunningProgram.RunAsync("Web-sealer-without-connection", ExtraInstances.Built("src/Web", "AuditExplorer.Web.dll"),
            ["--urls", $"http://127.0.0.1:{ExtraInstances.FreePort()}"], new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ConnectionStrings__Reader"] = ExtraInstances.Connection("auditexplorer_reader", app.Database),
                ["ConnectionStrings__Sealer"] = "",
                ["Integrity__RunSealer"] = "true",
                ["Checkpoints__DevKeyDirectory"] = noKeys,
                ["Oidc__Authority"] = idpUrl,
            });
        var started = await starting;
        await using (started[0].Program)
        await using (started[1].Program)
        {
            var (exit, output) = await refused;
            Assert.NotEqual(0, exit);
            Assert.Contains("ConnectionStrings:Sealer is not configured", output);

            var page = await SignInAsync(webUrl, "alice", "/t/acme/integrity");
            await Expect(page.GetByTestId("chain-length")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"[1-9]"));
            await Expect(page.GetByTestId("last-checkpoint")).ToContainTextAsync("events");
            await page.GotoAsync("/t/acme");
            await ExplorerAppFixture.WaitInteractiveAsync(page);
            await page.Context.CloseAsync();
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(noKeys));
        Directory.Delete(noKeys);
    }

    private async Task<IPage> SignInAsync(string baseUrl, string user, string path)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "en-GB", TimezoneId = "Europe/Berlin" });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(user + ExplorerAppFixture.DemoPasswordSuffix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await ExplorerAppFixture.WaitInteractiveAsync(page);
        }
        catch (PlaywrightException ex)
        {
            // The sign-in failure page carries the reason in its address.
            throw new InvalidOperationException($"sign-in at {baseUrl} ended at {Uri.UnescapeDataString(page.Url)}", ex);
        }
        return page;
    }
}
