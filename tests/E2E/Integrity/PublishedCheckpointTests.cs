using System.Net;
using System.Net.Http.Headers;

namespace AuditExplorer.Tests.E2E.Integrity;

/// <summary>A tenant's monitor, run outside the operator, against the real web app's checkpoint API.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class PublishedCheckpointTests(ExplorerAppFixture app)
{
    [Fact]
    public async Task The_checkpoint_api_answers_only_with_a_token_of_that_tenant()
    {
        var token = await TokenAsync("globex");
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        async Task<HttpStatusCode> Get(string path, string? bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return (await http.SendAsync(request)).StatusCode;
        }

        await WaitForCheckpointAsync("globex");
        Assert.Equal(HttpStatusCode.OK, await Get("/api/v1/tenants/globex/checkpoint", token));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("/api/v1/tenants/globex/checkpoint", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("/api/v1/tenants/globex/checkpoint", "aemt_not-a-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("/api/v1/tenants/acme/checkpoint", token)); // another tenant's log
        Assert.Equal(HttpStatusCode.BadRequest, await Get("/api/v1/tenants/globex/consistency?from=5&to=x", token));
        Assert.Equal(HttpStatusCode.BadRequest, await Get("/api/v1/tenants/globex/consistency?from=5&to=999999999", token));
    }

    [Fact]
    public async Task The_monitor_accepts_honest_growth_and_fails_loudly_on_a_rollback()
    {
        // A tenant of its own, so rolling its log back disturbs no other test.
        var tenant = "mon-" + Guid.NewGuid().ToString("N")[..8];
        await app.ExecuteAsync($"insert into audit.tenants (tenant_id, display_name) values ('{tenant}', 'Monitored')");
        await AppendAsync(tenant, 5);
        var token = await TokenAsync(tenant);
        var key = (await app.CliAsync("public-key")).Output.Trim().Split('\n')[0].Trim();
        var state = Path.Combine(Path.GetTempPath(), "monitor-" + Guid.NewGuid().ToString("N") + ".jsonl");
        Task<(int ExitCode, string Output)> Monitor() =>
            app.CliAsync("monitor", "--url", app.BaseUrl, "--tenant", tenant, "--token", token, "--key", key, "--state", state);

        var first = await WaitForCheckpointAsync(tenant);
        var seen = await Monitor();
        Assert.True(seen.ExitCode == 0, seen.Output);

        // The log grows: new events are sealed and a later checkpoint is signed.
        await AppendAsync(tenant, 7);
        var later = await WaitForCheckpointAsync(tenant, after: first);
        var grew = await Monitor();
        Assert.True(grew.ExitCode == 0, grew.Output);
        Assert.Contains("consistent", grew.Output);

        // Whoever runs the database rolls the log back: the newest events, their seals and checkpoints go.
        await app.ExecuteAsync($"""
            set session_replication_role = replica;
            delete from audit.events e using audit.seals s
             where s.tenant_id = '{tenant}' and s.seq > {first} and e.tenant_id = s.tenant_id and e.id = s.event_id;
            delete from audit.seals where tenant_id = '{tenant}' and seq > {first};
            delete from audit.merkle_nodes where tenant_id = '{tenant}' and (idx + 1) * (1::bigint << level) > {first};
            delete from audit.checkpoints where tenant_id = '{tenant}' and tree_size > {first};
            set session_replication_role = origin;
            """);
        var rolledBack = await Monitor();

        Assert.True(rolledBack.ExitCode == 1, rolledBack.Output);
        Assert.Contains("ROLLED BACK", rolledBack.Output);
        Assert.True(later > first);
        File.Delete(state);
    }

    private Task AppendAsync(string tenant, int count) =>
        app.ExecuteAsync($"select count(audit.append_event('{tenant}', 'usr_mon', 'user', 'contract.update', 'update', 'contract', 'c-' || g, null, jsonb_build_object('n', g))) from generate_series(1, {count}) g");

    private async Task<string> TokenAsync(string tenant)
    {
        var (exit, output) = await app.CliAsync("monitor-token", "--tenant", tenant, "--label", "e2e-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.True(exit == 0, output);
        return output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("aemt_", StringComparison.Ordinal));
    }

    private async Task<long> WaitForCheckpointAsync(string tenant, long after = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var size = await app.ScalarAsync<long>("select coalesce(max(tree_size), 0) from audit.checkpoints where tenant_id = $1", tenant);
            if (size > after) return size;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no checkpoint of {tenant} beyond {after} within 90 s");
            await Task.Delay(500);
        }
    }
}
