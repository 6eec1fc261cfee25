using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Export;

[Collection(ExplorerCollection.Name)]
public sealed class ExportsPageTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task Officer_exports_a_record_and_the_package_verifies_with_the_tenants_key_and_fails_with_a_foreign_one()
    {
        var (type, id) = await RecordUnderCheckpointAsync("acme");
        var page = await app.SignedInPageAsync("alice", "/t/acme/exports");

        await page.Locator("input[data-testid=export-entity-type]").FillAsync(type);
        await page.Locator("input[data-testid=export-entity-id]").FillAsync(id);
        // A reason of its own finds this export's row, whatever other tests exported before.
        var reason = "e2e evidence " + Guid.NewGuid().ToString("N")[..8];
        await page.Locator("input[data-testid=export-reason]").FillAsync(reason);
        await page.Locator("button[data-testid=export-start]").ClickAsync();
        var link = page.GetByRole(AriaRole.Row).Filter(new() { HasText = reason }).GetByTestId("export-download");
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("exports-table")).ToContainTextAsync($"{type}/{id}");

        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"e2e-evidence-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(file);
        var trust = Path.Combine(Path.GetTempPath(), $"e2e-trust-{Guid.NewGuid():N}.txt");
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            // The log's published key (`auditexplorer public-key`), as the operator would hand it to an auditor.
            await File.WriteAllLinesAsync(trust, [app.PublicKey]);
            var trusted = await VerifyPackageAsync(file, "--trust", trust);
            var own = await VerifyPackageAsync(file);
            var wrong = await VerifyPackageAsync(file, "--key", PublicKeyText(foreign));

            Assert.True(trusted.ExitCode == 0, trusted.Output);
            Assert.Contains("VERIFIED:", trusted.Output);
            Assert.DoesNotContain("not bound to the log", trusted.Output); // the web app's packages prove their own export event
            // The record's whole history, up to the export's own sealed event, is proven present (hash format 2 back links).
            Assert.Contains($"History of record {type}/{id} complete", trusted.Output);
            // Standard forms: per-event C2SP tlog-proofs and a DSSE manifest signed by the export key the sealed access event names.
            using (var zip = System.IO.Compression.ZipFile.OpenRead(file))
            {
                var names = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("manifest.dsse.json", names);
                Assert.Contains(names, n => n.StartsWith("tlog-proofs/", StringComparison.Ordinal) && n.EndsWith(".tlog-proof", StringComparison.Ordinal));
                using var key = new StreamReader(zip.GetEntry("export-key.pub")!.Open());
                Assert.Equal(app.ExportKey, (await key.ReadToEndAsync()).Trim());
            }
            Assert.True(own.ExitCode == 3, own.Output);
            Assert.Single(own.Output.Split('\n'), l => l.StartsWith("UNTRUSTED:", StringComparison.Ordinal));
            Assert.True(wrong.ExitCode == 1, wrong.Output);
            Assert.Contains("not signed by a trusted key", wrong.Output);
        }
        finally
        {
            File.Delete(file);
            File.Delete(trust);
        }
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "select count(*) from audit.events where tenant_id = 'acme' and action = 'audit_log.export' and actor_id = 'usr_alice' and context->>'reason' = $1", reason));
        Assert.True(await app.ScalarAsync<long>(
            "select count(*) from audit.events where tenant_id = 'acme' and action = 'audit_log.export_download' and actor_id = 'usr_alice'") >= 1);
    }

    [Fact]
    public async Task Only_the_exporter_and_compliance_officers_of_the_tenant_may_download_a_package()
    {
        var (type, id) = await RecordUnderCheckpointAsync("acme");
        var alice = await app.SignedInPageAsync("alice", "/t/acme/exports");
        await alice.Locator("input[data-testid=export-entity-type]").FillAsync(type);
        await alice.Locator("input[data-testid=export-entity-id]").FillAsync(id);
        var reason = "download matrix " + Guid.NewGuid().ToString("N")[..8];
        await alice.Locator("input[data-testid=export-reason]").FillAsync(reason);
        await alice.Locator("button[data-testid=export-start]").ClickAsync();
        var link = alice.GetByRole(AriaRole.Row).Filter(new() { HasText = reason }).GetByTestId("export-download");
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var href = await link.GetAttributeAsync("href");

        async Task<IAPIResponse> DownloadAs(string user)
        {
            var page = await app.SignedInPageAsync(user, "/");
            return await page.APIRequest.GetAsync(app.BaseUrl + href, new() { MaxRedirects = 0 });
        }

        var own = await alice.APIRequest.GetAsync(app.BaseUrl + href, new() { MaxRedirects = 0 });
        Assert.Equal(200, own.Status); // the address is right: its exporter may download it
        Assert.Equal(200, (await DownloadAs("frank")).Status); // a compliance officer of the same tenant
        foreach (var (user, status) in new[] { ("bob", 403), ("dave", 403), ("carol", 404) })
        {
            var refused = await DownloadAs(user);
            Assert.True(status == refused.Status, $"{user}: expected {status}, got {refused.Status}");
            Assert.DoesNotContain("zip", refused.Headers.GetValueOrDefault("content-type") ?? "");
        }
    }

    /// <summary>A record of the tenant whose events a signed checkpoint already covers.</summary>
    private async Task<(string Type, string Id)> RecordUnderCheckpointAsync(string tenant)
    {
        await app.WaitUntilSealedAsync(tenant);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await app.ScalarAsync<long>("select count(*) from audit.checkpoints where tenant_id = $1", tenant) == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no checkpoint for {tenant} within 60 s");
            await Task.Delay(250);
        }
        var key = await app.ScalarAsync<string>("""
            select e.entity_type || '/' || e.entity_id from audit.events e
            join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id
            where e.tenant_id = $1 and e.change_kind <> 'access'
              and s.seq <= (select max(tree_size) from audit.checkpoints c where c.tenant_id = $1)
            group by 1 order by count(*) desc, 1 limit 1
            """, tenant);
        var parts = key.Split('/', 2);
        return (parts[0], parts[1]);
    }

    private Task<(int ExitCode, string Output)> VerifyPackageAsync(string file, params string[] options) =>
        app.CliAsync(["verify-package", file, .. options]);

    /// <summary>"auditexplorer+keyid+base64(0x02 ‖ SPKI)" of a P-256 key nobody trusts (key id: first four bytes of SHA-256 of the SPKI).</summary>
    private static string PublicKeyText(ECDsa key)
    {
        var spki = key.ExportSubjectPublicKeyInfo();
        var id = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(spki));
        return $"auditexplorer+{id:x8}+{Convert.ToBase64String([0x02, .. spki])}";
    }
}
