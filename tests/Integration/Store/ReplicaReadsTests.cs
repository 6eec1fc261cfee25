using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Store;

/// <summary>
/// Reads from a streaming standby (`ConnectionStrings:Replica`, docs/scaling.md): a timeline read through the
/// replica shows an event once it is replayed, the standby refuses writes, every such view still appends its access
/// event on the primary (no data without it), and the lag is measured on the standby with the reader role.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class ReplicaReadsTests(PostgresFixture db)
{
    private static readonly Viewer Officer = new("usr_officer", "Olga Officer", "olga@example.test", ["compliance_officer"],
        new ViewerRequest("req-1", "sess-1", "127.0.0.1", "Chromium", "oidc", "auditexplorer-web"), null);

    private readonly TimelineQuery _query = new(new CursorCodec(RandomNumberGenerator.GetBytes(32)));

    [Fact]
    public async Task A_timeline_read_through_the_replica_shows_a_primary_write_once_replayed_records_its_access_on_the_primary_and_lag_is_reported()
    {
        await using var pair = await ReplicaPair.StartAsync(db);
        var tenant = await pair.CreateTenantAsync("replica");
        Guid written;
        await using (var conn = new NpgsqlConnection(pair.Primary("auditexplorer_writer")))
        {
            await conn.OpenAsync();
            written = await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddSeconds(-1));
        }
        var reads = new AuditedReads(new SourceContexts(pair.PrimarySource("auditexplorer_reader")), pair.PrimarySource("auditexplorer_reader"), new ReplicaContexts(pair.ReplicaSource("auditexplorer_reader")));

        // Read until the standby has replayed the write (it streams within a second or so).
        var views = 0;
        TimelinePage? page = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                page = await ReadTimelineAsync(reads, tenant);
                views++;
                if (page.Rows.Any(r => r.Id == written)) break;
            }
            catch (NpgsqlException)
            {
                // The tenant (or, under scripts/test.sh, the fixture's database) is not replayed yet.
            }
            await Task.Delay(200);
        }
        Assert.NotNull(page);
        Assert.Contains(page.Rows, r => r.Id == written);

        // Every view that returned data appended its access event on the primary.
        Assert.Equal((long)views, await CountAccessEventsAsync(pair.Primary("auditexplorer_owner"), tenant));

        // The lag is measured on the standby with the reader role (no extra grant), and is small here.
        var lag = await new ReplicaLagQuery(pair.ReplicaSource("auditexplorer_reader")).ReadAsync();
        Assert.True(lag.IsStandby);
        Assert.NotNull(lag.Lag);
        Assert.True(lag.Lag < TimeSpan.FromSeconds(30), $"lag {lag.Lag}");
        Assert.False(lag.Exceeds(TimeSpan.FromSeconds(30)));
        // The contrast: pointed at the primary, the query says it is no standby, which the page reports as a warning.
        var primary = await new ReplicaLagQuery(pair.PrimarySource("auditexplorer_reader")).ReadAsync();
        Assert.False(primary.IsStandby);
        Assert.True(primary.Exceeds(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task The_replica_refuses_writes_so_an_access_event_sent_there_fails_and_no_data_is_shown()
    {
        await using var pair = await ReplicaPair.StartAsync(db);
        var tenant = await pair.CreateTenantAsync("replica");
        await using (var conn = new NpgsqlConnection(pair.Primary("auditexplorer_writer")))
        {
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddSeconds(-1));
        }
        // The routed read below reads the replica: it must have replayed the event, not only the tenant.
        await WaitForEventsOnReplicaAsync(pair, tenant);

        await using (var conn = new NpgsqlConnection(pair.Replica("auditexplorer_reader")))
        {
            await conn.OpenAsync();
            await using var tx = await TenantScope.BeginAsync(conn, tenant, CancellationToken.None);
            await using var cmd = new NpgsqlCommand(
                "select audit.append_access_event($1, 'usr_officer', 'audit_log.view', 'tenant', $1, '{}'::jsonb)", conn);
            cmd.Parameters.AddWithValue(tenant);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteScalarAsync());
            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
        }
        // Were the access event written through the replica (a misconfiguration), the view fails closed...
        var misrouted = new AuditedReads(new SourceContexts(pair.ReplicaSource("auditexplorer_reader")), pair.ReplicaSource("auditexplorer_reader"), new ReplicaContexts(pair.ReplicaSource("auditexplorer_reader")));
        await Assert.ThrowsAsync<AccessNotRecordedException>(() => ReadTimelineAsync(misrouted, tenant));
        // ...while the same view with the primary for the write shows the data.
        var routed = new AuditedReads(new SourceContexts(pair.PrimarySource("auditexplorer_reader")), pair.PrimarySource("auditexplorer_reader"), new ReplicaContexts(pair.ReplicaSource("auditexplorer_reader")));
        Assert.Single((await ReadTimelineAsync(routed, tenant)).Rows);
        Assert.Equal(1L, await CountAccessEventsAsync(pair.Primary("auditexplorer_owner"), tenant));
    }

    private Task<TimelinePage> ReadTimelineAsync(AuditedReads reads, string tenant) =>
        reads.ReadLagTolerantAsync(tenant, Officer,
            _ => new AccessRecord("audit_log.view", "tenant", tenant, new Dictionary<string, string?> { ["view"] = "timeline" }),
            (ctx, ct) => _query.ReadAsync(ctx, tenant, new TimelineFilter(), null, 50, ct),
            CancellationToken.None);

    private static async Task WaitForEventsOnReplicaAsync(ReplicaPair pair, string tenant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(pair.Replica("auditexplorer_reader"));
                await conn.OpenAsync();
                await using var tx = await TenantScope.BeginAsync(conn, tenant, CancellationToken.None);
                await using var cmd = new NpgsqlCommand("select count(*) from audit.events where tenant_id = $1", conn);
                cmd.Parameters.AddWithValue(tenant);
                if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // Not replayed yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the events of tenant {tenant} never reached the replica");
            await Task.Delay(200);
        }
    }

    private static async Task<long> CountAccessEventsAsync(string ownerConnection, string tenant)
    {
        await using var conn = new NpgsqlConnection(ownerConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.view' and actor_id = 'usr_officer'", conn);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
