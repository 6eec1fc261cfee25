using AuditExplorer.Tests.E2E.Privacy;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Streams;

/// <summary>The Streams page from the outside: an audit admin creates a webhook stream and sees it deliver; others are refused.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class StreamsPageTests(ExplorerAppFixture app)
{
    private const string Tenant = "acme";

    [Fact]
    public async Task An_audit_admin_creates_a_webhook_stream_and_sees_its_events_arrive_and_its_position_advance()
    {
        using var receiver = new WebhookReceiver();
        var name = "siem-" + Guid.NewGuid().ToString("N")[..6];
        var probeType = "stream_probe_" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignedInPageAsync("dave", $"/t/{Tenant}/streams");
        await page.Locator("input[data-testid=stream-name]").FillAsync(name);
        await page.Locator("input[data-testid=stream-url]").FillAsync(receiver.Url);
        await page.Locator("input[data-testid=stream-filter]").FillAsync($"?type={probeType}");
        await page.GetByTestId("stream-start").SelectOptionAsync("Now");
        await page.GetByTestId("stream-create").ClickAsync();
        await Expect(page.GetByTestId("stream-secret")).ToContainTextAsync("whsec_");
        var row = page.Locator($"tr[data-stream-name='{name}']");
        await Expect(row.GetByTestId("stream-state")).ToContainTextAsync("active");
        var before = long.Parse((await row.GetByTestId("stream-position").TextContentAsync())!.Trim());

        await app.ExecuteAsync($"select audit.append_event('{Tenant}', 'usr_e2e', 'user', 'widget.create', 'create', '{probeType}', 'w-' || g, null, jsonb_build_object('n', g)) from generate_series(1, 3) g");
        await app.WaitUntilSealedAsync(Tenant);

        // The receiver gets the three events; the page re-reads the position by itself and shows it advance.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (receiver.Batches.Sum(b => b.Body.Split("\"id\":\"w-").Length - 1) < 3 && DateTime.UtcNow < deadline) await Task.Delay(200);
        var lastProbe = await app.ScalarAsync<long>(
            "select max(s.seq) from audit.seals s join audit.events e on e.tenant_id = s.tenant_id and e.id = s.event_id where s.tenant_id = $1 and e.entity_type = $2", Tenant, probeType);
        long after;
        do
        {
            await Task.Delay(250);
            after = long.Parse((await row.GetByTestId("stream-position").TextContentAsync())!.Trim());
        }
        while (after < lastProbe && DateTime.UtcNow < deadline.AddSeconds(30));
        Assert.True(after >= lastProbe && after > before, $"position {before} → {after}, last probe event {lastProbe}");
        var bodies = string.Join("", receiver.Batches.Select(b => b.Body));
        foreach (var id in new[] { "w-1", "w-2", "w-3" }) Assert.Contains($"\"id\":\"{id}\"", bodies);
        Assert.All(receiver.Batches, b => Assert.StartsWith("v1=", b.Signature));
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.stream_create' and actor_id = 'usr_dave' and context -> 'access' ->> 'name' = $2", Tenant, name));

        // The receiver moved: the admin edits the URL (prefilled, no secret) and the next events arrive there, the position kept.
        using var moved = new WebhookReceiver();
        await row.GetByTestId("stream-edit-open").ClickAsync();
        var edit = page.Locator($"tr[data-edit-stream-name='{name}']");
        var url = edit.Locator("input[data-testid=stream-edit-url]");
        await Expect(url).ToHaveValueAsync(receiver.Url);
        await url.FillAsync(moved.Url);
        await edit.GetByTestId("stream-edit-save").ClickAsync();
        await Expect(edit.GetByTestId("stream-edit-done")).ToContainTextAsync(moved.Url);
        await Expect(row).ToContainTextAsync(moved.Url);
        var kept = long.Parse((await row.GetByTestId("stream-position").TextContentAsync())!.Trim());
        Assert.True(kept >= after, $"position {after} → {kept} after the edit");
        var sentBefore = receiver.Batches.Count;
        await app.ExecuteAsync($"select audit.append_event('{Tenant}', 'usr_e2e', 'user', 'widget.create', 'create', '{probeType}', 'w-' || g, null, jsonb_build_object('n', g)) from generate_series(4, 5) g");
        await app.WaitUntilSealedAsync(Tenant);
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (moved.Batches.Sum(b => b.Body.Split("\"id\":\"w-").Length - 1) < 2 && DateTime.UtcNow < deadline) await Task.Delay(200);
        var movedBodies = string.Join("", moved.Batches.Select(b => b.Body));
        foreach (var id in new[] { "w-4", "w-5" }) Assert.Contains($"\"id\":\"{id}\"", movedBodies);
        Assert.DoesNotContain("\"id\":\"w-1\"", movedBodies); // continued from the position, not from the start
        Assert.Equal(sentBefore, receiver.Batches.Count);
        Assert.All(moved.Batches, b => Assert.StartsWith("v1=", b.Signature));
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.stream_update' and actor_id = 'usr_dave' and context -> 'access' ->> 'previous_settings' like '%' || $2 || '%' and context -> 'access' ->> 'settings' like '%' || $3 || '%'",
            Tenant, receiver.Url, moved.Url));

        await row.GetByTestId("stream-pause").ClickAsync();
        await Expect(row.GetByTestId("stream-state")).ToContainTextAsync("paused");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_audit_admin_creates_a_syslog_stream_and_rsyslog_receives_its_events_as_the_position_advances()
    {
        await using var rsyslog = await RsyslogReceiver.StartAsync();
        var name = "rsyslog-" + Guid.NewGuid().ToString("N")[..6];
        var probeType = "syslog_probe_" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignedInPageAsync("dave", $"/t/{Tenant}/streams");
        await page.GetByTestId("stream-kind").SelectOptionAsync("syslog");
        await page.Locator("textarea[data-testid=stream-settings], input[data-testid=stream-settings]").First
            .FillAsync($$"""{"host":"127.0.0.1","port":{{rsyslog.Port}}}""");
        await page.Locator("input[data-testid=stream-name]").FillAsync(name);
        await page.Locator("input[data-testid=stream-filter]").FillAsync($"?type={probeType}");
        await page.GetByTestId("stream-start").SelectOptionAsync("Now");
        await page.GetByTestId("stream-create").ClickAsync();
        var row = page.Locator($"tr[data-stream-name='{name}']");
        await Expect(row.GetByTestId("stream-state")).ToContainTextAsync("active");
        var before = long.Parse((await row.GetByTestId("stream-position").TextContentAsync())!.Trim());

        await app.ExecuteAsync($"select audit.append_event('{Tenant}', 'usr_e2e', 'user', 'widget.create', 'create', '{probeType}', 's-' || g, null, jsonb_build_object('n', g)) from generate_series(1, 3) g");
        await app.WaitUntilSealedAsync(Tenant);

        // rsyslog writes one RFC 5424 line per event, in seq order, with the tenant and seq in structured data.
        var deadline = DateTime.UtcNow.AddSeconds(40);
        string[] lines;
        do
        {
            await Task.Delay(250);
            lines = (await rsyslog.LinesAsync()).Where(l => l.Contains(probeType, StringComparison.Ordinal)).ToArray();
        }
        while (lines.Length < 3 && DateTime.UtcNow < deadline);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains($"[auditexplorer@32473 tenant=\"{Tenant}\"", l));
        var seqs = lines.Select(l => long.Parse(System.Text.RegularExpressions.Regex.Match(l, "seq=\"(\\d+)\"").Groups[1].Value)).ToList();
        Assert.Equal(seqs.Order(), seqs);
        long after;
        do
        {
            await Task.Delay(250);
            after = long.Parse((await row.GetByTestId("stream-position").TextContentAsync())!.Trim());
        }
        while (after < seqs[^1] && DateTime.UtcNow < deadline.AddSeconds(20));
        Assert.True(after >= seqs[^1] && after > before, $"position {before} → {after}, last delivered seq {seqs[^1]}");

        await row.GetByTestId("stream-pause").ClickAsync();
        await Expect(row.GetByTestId("stream-state")).ToContainTextAsync("paused");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("bob")]   // support
    [InlineData("alice")] // compliance officer, not an audit admin
    public async Task Users_without_the_audit_admin_role_are_refused_and_receive_no_stream_data(string user)
    {
        var name = "hidden-" + Guid.NewGuid().ToString("N")[..6];
        var dave = await app.SignedInPageAsync("dave", $"/t/{Tenant}/streams");
        await dave.Locator("input[data-testid=stream-name]").FillAsync(name);
        await dave.Locator("input[data-testid=stream-url]").FillAsync("https://siem.example/hooks/" + name);
        await dave.GetByTestId("stream-create").ClickAsync();
        await Expect(dave.Locator($"tr[data-stream-name='{name}']")).ToBeVisibleAsync();
        await dave.Context.CloseAsync();

        var page = await app.SignedInPageAsync(user, "/");
        var status = (await page.APIRequest.GetAsync($"{app.BaseUrl}/t/{Tenant}/streams", new() { MaxRedirects = 0 })).Status;
        Assert.Equal(403, status);
        var traffic = new TrafficRecorder(page);
        await page.GotoAsync($"/t/{Tenant}/streams");
        await Expect(page.GetByText("No access")).ToBeVisibleAsync();
        Assert.True(traffic.Count > 0, "nothing was captured, so the check proves nothing");
        Assert.Empty(await traffic.ContainingAsync(name));
        Assert.Empty(await traffic.ContainingAsync("siem.example/hooks"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Streams" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
