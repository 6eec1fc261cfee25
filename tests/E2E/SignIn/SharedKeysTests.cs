using System.Net;
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
        // The other deployment's database is created and migrated while alice signs in: it shares nothing with her session.
        var otherDatabase = "ae_e2e_other_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync($"create database \"{otherDatabase}\" owner auditexplorer_owner");
        var migrating = RunningProgram.RunToEndAsync("migrate-other", ExtraInstances.Built("src/Cli", "auditexplorer.dll"), ["migrate"],
            new Dictionary<string, string> { ["AUDITEXPLORER_OWNER_CONNECTION"] = ExtraInstances.Connection("auditexplorer_owner", otherDatabase) });
        try
        {
            var page = await app.SignedInPageAsync("alice", "/t/acme");
            var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "auditexplorer.session").Value;
            Assert.True(await app.ScalarAsync<long>("select count(*) from web.data_protection_keys") >= 1, "the key ring is in the store");

            // Both instances start side by side, the second once its database is migrated.
            async Task<(string Url, RunningProgram Program)> StartOtherAsync()
            {
                await migrating;
                return await ExtraInstances.StartWebAsync("Web-other-deployment", otherDatabase, app.IdentityUrl, app.KeyDirectory);
            }
            var started = await ExtraInstances.TogetherAsync(
                ExtraInstances.StartWebAsync("Web-same-store", app.Database, app.IdentityUrl, app.KeyDirectory),
                StartOtherAsync());
            var (sameUrl, same) = started[0];
            var (otherUrl, other) = started[1];
            await using (same)
            await using (other)
            {
                var accepted = await GetWithCookieAsync(sameUrl + "/t/acme/events", cookie);
                var rejected = await GetWithCookieAsync(otherUrl + "/t/acme/events", cookie);

                Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
                Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
                Assert.StartsWith(app.IdentityUrl + "/connect/authorize", rejected.Headers.Location!.AbsoluteUri);
            }
        }
        finally
        {
            // A failure before the instances started must not drop the database under a running migration.
            try { await migrating; } catch (InvalidOperationException) { } catch (OperationCanceledException) { }
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"drop database if exists \"{otherDatabase}\" with (force)");
        }
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(string url, string cookie)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", "auditexplorer.session=" + cookie);
        return await http.SendAsync(request);
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ExtraInstances.Connection("postgres", "postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
