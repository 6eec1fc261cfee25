using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Access;

/// <summary>docs/security.md's permission matrix, cell by cell, as HTTP answers to each demo user's browser session.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class PermissionMatrixTests(ExplorerAppFixture app)
{
    // Columns: alice (compliance officer, acme), bob (support, acme), dave (audit admin), erin (no role, no tenant),
    // carol (auditor of initech only). 400 = the address itself is invalid, whoever asks.
    private static readonly (string Path, int Alice, int Bob, int Dave, int Erin, int Carol)[] AcmeCells =
    [
        ("/t/acme", 200, 200, 200, 403, 403),
        ("/t/acme/events", 200, 200, 200, 403, 403),
        ("/t/acme/records/contract/{record}", 200, 200, 200, 403, 403),
        ("/t/acme/records/contract/{record}?asof=2030-01-01T00:00Z", 200, 200, 200, 403, 403),
        ("/t/acme/actors/{actor}", 200, 200, 200, 403, 403),
        ("/t/acme/events/{event}", 200, 200, 200, 403, 403),
        ("/t/acme/events?q=invoice", 200, 403, 403, 403, 403),
        ("/t/acme/records/contract/{record}?access=1", 200, 403, 200, 403, 403),
        ("/t/acme/access-log", 200, 403, 200, 403, 403),
        ("/t/acme/integrity", 200, 403, 200, 403, 403),
        ("/t/acme/exports", 200, 403, 403, 403, 403),
        ("/t/acme/subjects", 200, 403, 403, 403, 403),
        ("/t/no-such-tenant", 403, 403, 403, 403, 403),
        ("/t/acme/records/contract/" + new string('x', 201), 400, 400, 400, 400, 400),
        ("/t/acme/events?type=x%27%20OR%201%3D1--", 400, 400, 400, 400, 400),
    ];

    [Fact]
    public async Task Every_cell_of_the_permission_matrix_answers_with_its_status()
    {
        var planted = await Privacy.PlantedPersonalData.PlantAsync(app);
        string Fill(string path) => path.Replace("{record}", planted.RecordId).Replace("{actor}", planted.ActorId).Replace("{event}", planted.UpdateId.ToString());
        var users = new[] { "alice", "bob", "dave", "erin", "carol" };
        var wrong = new List<string>();
        for (var u = 0; u < users.Length; u++)
        {
            var page = await app.SignedInPageAsync(users[u], "/");
            foreach (var cell in AcmeCells)
            {
                var expected = new[] { cell.Alice, cell.Bob, cell.Dave, cell.Erin, cell.Carol }[u];
                var response = await page.APIRequest.GetAsync(app.BaseUrl + Fill(cell.Path), new() { MaxRedirects = 0 });
                if (response.Status != expected) wrong.Add($"{users[u]} {cell.Path}: expected {expected}, got {response.Status}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task An_auditor_may_open_their_own_tenants_access_log_integrity_exports_and_search()
    {
        var carol = await app.SignedInPageAsync("carol", "/");
        foreach (var path in new[] { "/t/initech", "/t/initech/access-log", "/t/initech/integrity", "/t/initech/exports", "/t/initech/events?q=invoice" })
            Assert.Equal(200, (await carol.APIRequest.GetAsync(app.BaseUrl + path, new() { MaxRedirects = 0 })).Status);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in_not_refused()
    {
        var page = await app.NewPageAsync();
        var response = await page.APIRequest.GetAsync(app.BaseUrl + "/t/acme/access-log", new() { MaxRedirects = 0 });
        Assert.Equal(302, response.Status);
        Assert.StartsWith(app.IdentityUrl, response.Headers["location"]); // straight to the identity provider

    }

    [Fact]
    public async Task Inside_the_app_a_refused_page_says_no_access_and_shows_no_rows()
    {
        var bob = await app.SignedInPageAsync("bob", "/t/acme");
        await Expect(bob.GetByTestId("event-row").First).ToBeVisibleAsync();
        await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Access log" })).ToHaveCountAsync(0);

        await bob.EvaluateAsync("Blazor.navigateTo('/t/acme/access-log')");

        await Expect(bob.GetByTestId("refused")).ToBeVisibleAsync();
        await Expect(bob.GetByTestId("access-row")).ToHaveCountAsync(0);
    }
}
