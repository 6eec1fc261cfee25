using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Ingest;

/// <summary>
/// The ingest API from the outside: an audit admin creates a key in the UI, a sender posts batches over
/// HTTP, and what comes back (status, problem JSON, receipt) is checked byte by byte, the receipt by an
/// independent verifier in Node.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class IngestApiTests(ExplorerAppFixture app)
{
    private const string Tenant = "globex";

    private static string Event(string id, string changeKind = "create") =>
        $$$"""{"action": "invoice.create", "change_kind": "{{{changeKind}}}", "entity_type": "invoice", "entity_id": "{{{id}}}", "new_values": {"total": 99}}""";

    private async Task<string> CreateKeyInTheUiAsync(string label)
    {
        var page = await app.SignedInPageAsync("dave", $"/t/{Tenant}/api-keys");
        await page.Locator("input[data-testid=api-key-label]").FillAsync(label);
        await page.GetByTestId("api-key-create").ClickAsync();
        var secret = (await page.GetByTestId("api-key-secret").TextContentAsync())!.Trim();
        await Expect(page.GetByTestId("api-keys-table")).ToContainTextAsync(label);
        await page.Context.CloseAsync();
        return secret;
    }

    private HttpRequestMessage Post(string? key, string body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/api/v1/tenants/{Tenant}/events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    [Fact]
    public async Task A_key_created_by_an_audit_admin_appends_a_batch_once_and_its_receipt_verifies_independently()
    {
        var key = await CreateKeyInTheUiAsync("billing " + Guid.NewGuid().ToString("N")[..6]);
        var keyId = key[..key.IndexOf('.')];
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.api_key_create' and entity_id = $2 and actor_id = 'usr_dave'", Tenant, keyId));
        using var http = new HttpClient();
        var batch = $"[{Event("inv-1")}, {Event("inv-2")}]";
        var idem = Guid.NewGuid().ToString();

        using var created = await http.SendAsync(Post(key, batch, idem));
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var replay = await http.SendAsync(Post(key, batch, idem));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);

        var ids = JsonDocument.Parse(createdBody).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(ids, JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        Assert.True(JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("replayed").GetBoolean());
        Assert.Equal(2L, await app.ScalarAsync<long>("select count(*) from audit.events where tenant_id = $1 and actor_id = $2 and actor_kind = 'api-key' and change_kind <> 'access'", Tenant, keyId));
        // ...and the batch is one access event of the key (the replay added none).
        Assert.Equal(1L, await app.ScalarAsync<long>("select count(*) from audit.events where tenant_id = $1 and actor_id = $2 and action = 'ingest.batch_received'", Tenant, keyId));

        var receipt = await ProvenReceiptAsync(http, key, ids[1]);
        var file = Path.Combine(Path.GetTempPath(), $"receipt-{ids[1]}.json");
        await File.WriteAllTextAsync(file, receipt);
        var (exit, output) = await NodeAsync(file, app.PublicKey);
        Assert.True(exit == 0, output);
        // The same verifier refuses a receipt whose leaf was swapped.
        var forged = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(receipt)!;
        var tampered = receipt.Replace(forged["leaf_hash"].GetString()!, Convert.ToBase64String(new byte[32]));
        await File.WriteAllTextAsync(file, tampered);
        Assert.Equal(1, (await NodeAsync(file, app.PublicKey)).ExitCode);
    }

    [Fact]
    public async Task Refusals_are_problem_details_with_the_write_contracts_code_never_a_server_error()
    {
        var key = await CreateKeyInTheUiAsync("crm " + Guid.NewGuid().ToString("N")[..6]);
        using var http = new HttpClient();

        using var noKey = await http.SendAsync(Post(null, Event("x"), "a"));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);
        using var wrongTenant = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/api/v1/tenants/acme/events")
        {
            Content = new StringContent(Event("x"), Encoding.UTF8, "application/json"),
        };
        wrongTenant.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        wrongTenant.Headers.Add("Idempotency-Key", "a");
        // A valid key sent to another tenant is known but refused (403); its id with a wrong secret is unknown (401).
        using (var refused = await http.SendAsync(wrongTenant))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        var forged = key[..(key.IndexOf('.') + 1)] + new string('a', 43); // the real key id with a wrong secret
        using var unknownKey = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/api/v1/tenants/acme/events")
        {
            Content = new StringContent(Event("x"), Encoding.UTF8, "application/json"),
        };
        unknownKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        unknownKey.Headers.Add("Idempotency-Key", "a");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(unknownKey)).StatusCode);

        using var bad = await http.SendAsync(Post(key, $"[{Event("y")}, {Event("z", changeKind: "publish")}]", "b"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("AE005", problem.GetProperty("code").GetString());
        Assert.Equal(1, problem.GetProperty("event_index").GetInt32());
        Assert.StartsWith("event 1 of the batch: change kind \"publish\"", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Post(key, Event("y"), null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Post(key, "{not json", "c"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Post(key, Event("y"), "d"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await http.SendAsync(Post(key, Event("other"), "d"))).StatusCode);
        using var receipt = new HttpRequestMessage(HttpMethod.Get, $"{app.BaseUrl}/api/v1/tenants/{Tenant}/events/not-a-uuid/receipt");
        receipt.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(receipt)).StatusCode);
    }

    [Fact]
    public async Task A_key_that_sends_too_fast_is_told_to_wait()
    {
        var key = await CreateKeyInTheUiAsync("burst " + Guid.NewGuid().ToString("N")[..6]);
        using var http = new HttpClient();
        // The fixture allows 5 requests per second with a burst of 10.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 25).Select(async i =>
        {
            using var response = await http.SendAsync(Post(key, Event($"b-{i}"), $"burst-{i}"));
            return (response.StatusCode, response.Headers.RetryAfter?.ToString());
        }));
        Assert.Contains(statuses, s => s.StatusCode == HttpStatusCode.Created);
        Assert.Contains(statuses, s => s.StatusCode == HttpStatusCode.TooManyRequests && s.Item2 == "1");
        Assert.DoesNotContain(statuses, s => (int)s.StatusCode >= 500);
    }

    [Fact]
    public async Task Support_staff_cannot_open_the_API_keys_page()
    {
        var page = await app.SignedInPageAsync("bob", "/");
        var response = await page.GotoAsync($"/t/acme/api-keys");
        Assert.Equal(403, response!.Status);
        var admin = await app.SignedInPageAsync("dave", "/t/acme/api-keys");
        await Expect(admin.GetByTestId("api-key-create")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_served_OpenAPI_document_is_the_checked_in_one()
    {
        using var http = new HttpClient();
        var served = await http.GetStringAsync($"{app.BaseUrl}/api/v1/openapi/ingest.json");
        var checkedIn = Path.Combine(ExplorerAppFixture.RepoRoot(), "docs", "openapi", "ingest-v1.json");
        var normalizedServed = Normalize(served);
        if (!File.Exists(checkedIn) || Normalize(await File.ReadAllTextAsync(checkedIn)) != normalizedServed)
        {
            var fresh = Path.Combine(ExplorerAppFixture.RepoRoot(), ".local", "test-results", "ingest-v1.json");
            Directory.CreateDirectory(Path.GetDirectoryName(fresh)!);
            await File.WriteAllTextAsync(fresh, normalizedServed + "\n");
            Assert.Fail($"docs/openapi/ingest-v1.json differs from what the app serves; review and copy {fresh} over it.");
        }
        Assert.Contains("\"/api/v1/tenants/{tenant}/events\"", served);
    }

    private static string Normalize(string json) =>
        JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions { WriteIndented = true });

    private async Task<string> ProvenReceiptAsync(HttpClient http, string key, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{app.BaseUrl}/api/v1/tenants/{Tenant}/events/{id}/receipt");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK) return body;
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no proven receipt within 60 s: {body}");
            await Task.Delay(500);
        }
    }

    private static async Task<(int ExitCode, string Output)> NodeAsync(string receiptFile, string publicKey)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(ExplorerAppFixture.RepoRoot(), "tests", "E2E", "Ingest", "verify-receipt.mjs"));
        start.ArgumentList.Add(receiptFile);
        start.ArgumentList.Add(publicKey);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
