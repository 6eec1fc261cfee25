using System.Security.Cryptography;
using AuditExplorer.Tests.E2E.SignIn;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Export;

/// <summary>The export history and its downloads live in the store, so a restarted web app still lists and serves them.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class ExportHistoryRestartTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task The_exports_page_still_lists_an_export_and_serves_its_package_after_the_app_restarts()
    {
        await app.WaitUntilSealedAsync("acme");
        var record = await app.ScalarAsync<string>("""
            select e.entity_type || '/' || e.entity_id from audit.events e
            join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id
            where e.tenant_id = 'acme' and e.change_kind <> 'access' order by s.seq limit 1
            """);
        var (type, id) = (record.Split('/', 2)[0], record.Split('/', 2)[1]);
        var reason = "before the restart " + Guid.NewGuid().ToString("N")[..8];
        // Signed in at the fixture's app: the session cookie (same host, any port) is good at every instance on this store.
        var page = await app.SignedInPageAsync("alice", "/");
        // The same port before and after, as a restarted server would have; both share the export folder with the fixture's app.
        var url = $"http://127.0.0.1:{ExtraInstances.FreePort()}";
        // Every instance may run any queued export, so each must trust the log's key as the fixture's app does.
        var settings = new Dictionary<string, string> { ["Checkpoints__TrustedKeys__0"] = app.PublicKey };

        var (_, before) = await ExtraInstances.StartWebAsync("Web-before-restart", app.Database, app.IdentityUrl, app.KeyDirectory, settings, url);
        string href;
        await using (before)
        {
            await page.GotoAsync(url + "/t/acme/exports");
            await ExplorerAppFixture.WaitInteractiveAsync(page);
            await page.Locator("input[data-testid=export-entity-type]").FillAsync(type);
            await page.Locator("input[data-testid=export-entity-id]").FillAsync(id);
            await page.Locator("input[data-testid=export-reason]").FillAsync(reason);
            await page.Locator("button[data-testid=export-start]").ClickAsync();
            var link = page.GetByRole(AriaRole.Row).Filter(new() { HasText = reason }).GetByTestId("export-download");
            await Expect(link).ToBeVisibleAsync(new() { Timeout = 60_000 });
            href = (await link.GetAttributeAsync("href"))!;
        }

        var (_, after) = await ExtraInstances.StartWebAsync("Web-after-restart", app.Database, app.IdentityUrl, app.KeyDirectory, settings, url);
        await using (after)
        {
            await page.GotoAsync(url + "/t/acme/exports");
            await ExplorerAppFixture.WaitInteractiveAsync(page);
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = reason });
            await Expect(row).ToContainTextAsync("Ready");
            await Expect(row).ToContainTextAsync($"{type}/{id}");
            await Expect(row.GetByTestId("export-download")).ToHaveAttributeAsync("href", href);

            var download = await page.APIRequest.GetAsync(url + href, new() { MaxRedirects = 0 });
            Assert.Equal(200, download.Status);
            var sha = Convert.ToHexStringLower(SHA256.HashData(await download.BodyAsync()));
            Assert.Equal(sha, await app.ScalarAsync<string>("select sha256 from web.export_jobs where tenant_id = 'acme' and reason = $1", reason));
        }
        Assert.True(await app.ScalarAsync<long>("""
            select count(*) from audit.events e join web.export_jobs j on j.tenant_id = e.tenant_id and e.context->>'export_event_id' = j.access_event_id::text
            where e.tenant_id = 'acme' and e.action = 'audit_log.export_download' and j.reason = $1
            """, reason) == 1, "the download after the restart is its own access event");
    }
}
