using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AuditExplorer.Tests.E2E.SignIn;

/// <summary>
/// Data-protection keys are shared on purpose: another instance on the same database reads the
/// cookie (scale-out), an instance of another deployment (another database) does not.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class SharedKeysTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task A_second_instance_on_the_same_store_accepts_the_cookie_and_another_deployment_rejects_it()
    {
        var page = await app.SignedInPageAsync("alice", "/t/acme");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "auditexplorer.session").Value;
        Assert.True(await app.ScalarAsync<long>("select count(*) from web.data_protection_keys") >= 1, "the key ring is in the store");

        var otherDatabase = "ae_e2e_other_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync("postgres", $"create database \"{otherDatabase}\" owner auditexplorer_owner");
        var cli = Built("src/Cli", "auditexplorer.dll");
        await RunningProgram.RunToEndAsync("migrate-other", cli, ["migrate"], new Dictionary<string, string>
        {
            ["AUDITEXPLORER_OWNER_CONNECTION"] = Connection("auditexplorer_owner", otherDatabase),
        });
        try
        {
            var (sameUrl, same) = StartWeb("Web-same-store", app.Database);
            var (otherUrl, other) = StartWeb("Web-other-deployment", otherDatabase);
            await using (same)
            await using (other)
            {
                await WaitUntilReadyAsync(sameUrl, same);
                await WaitUntilReadyAsync(otherUrl, other);

                var accepted = await GetWithCookieAsync(sameUrl + "/t/acme/events", cookie);
                var rejected = await GetWithCookieAsync(otherUrl + "/t/acme/events", cookie);

                Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
                Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
                Assert.StartsWith(app.IdentityUrl + "/connect/authorize", rejected.Headers.Location!.AbsoluteUri);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync("postgres", $"drop database if exists \"{otherDatabase}\" with (force)");
        }
    }

    private (string Url, RunningProgram Program) StartWeb(string name, string database)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var program = RunningProgram.Start(name, Built("src/Web", "AuditExplorer.Web.dll"), ["--urls", url], new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Reader"] = Connection("auditexplorer_reader", database),
            ["ConnectionStrings__Sealer"] = Connection("auditexplorer_sealer", database),
            ["Integrity__RunSealer"] = "false",
            ["Checkpoints__DevKeyDirectory"] = app.KeyDirectory,
            ["Oidc__Authority"] = app.IdentityUrl,
        });
        return (url, program);
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(string url, string cookie)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", "auditexplorer.session=" + cookie);
        return await http.SendAsync(request);
    }

    private static string Connection(string role, string database) =>
        $"Host=127.0.0.1;Port={ExplorerAppFixture.Port};Username={role};Database={database}";

    private static async Task ExecuteAsync(string role, string sql)
    {
        await using var conn = new NpgsqlConnection(Connection(role, "postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task WaitUntilReadyAsync(string baseUrl, RunningProgram program)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !program.HasExited)
        {
            try
            {
                if ((await http.GetAsync(baseUrl + "/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"{program.Name} did not become ready:\n{program.Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Built(string project, string dll)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return Path.Combine(ExplorerAppFixture.RepoRoot(), project, "bin", configuration, "net10.0", dll);
    }
}
