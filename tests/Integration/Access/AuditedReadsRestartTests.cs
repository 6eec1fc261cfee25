using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Tests.Integration.Integrity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Access;

/// <summary>
/// Timeline, diff and record pages read through <see cref="AuditedReads"/> on the reader's one data source. A database
/// restart kills every idle connection of that pool; the first page view afterwards must still show the page.
/// </summary>
public sealed class AuditedReadsRestartTests
{
    private static readonly Viewer Officer = new("usr_officer", "Olga Officer", "olga@example.test", ["compliance_officer"],
        new ViewerRequest("req-1", "sess-1", "127.0.0.1", "Chromium", "oidc", "auditexplorer-web"), null);

    [Fact]
    public async Task A_timeline_page_read_right_after_a_restart_succeeds_on_the_first_try_where_a_plain_pooled_read_fails()
    {
        await using var pg = await PrivatePostgresCluster.StartMigratedAsync();
        const string tenant = "restart-read";
        await pg.ExecuteAsync(pg.ConnectionFor("auditexplorer_owner"), $"insert into audit.tenants (tenant_id, display_name) values ('{tenant}', 'Restart')");
        await using (var writer = new NpgsqlConnection(pg.ConnectionFor("auditexplorer_writer")))
        {
            await writer.OpenAsync();
            for (var i = 0; i < 3; i++) await TestEvents.AppendAsync(writer, tenant, DateTimeOffset.UtcNow.AddMinutes(i - 10));
        }
        var reader = pg.SourceFor("auditexplorer_reader");
        var reads = new AuditedReads(new SourceContexts(reader), reader);
        var query = new TimelineQuery(new CursorCodec(RandomNumberGenerator.GetBytes(32)));
        var filter = new TimelineFilter { EntityType = "contract", EntityId = "42" };
        Task<TimelinePage> ReadPageAsync() => reads.ReadAsync(tenant, Officer,
            page => new AccessRecord("audit_log.view", "contract", "42", new Dictionary<string, string?> { ["rows"] = page.Rows.Count.ToString() }),
            (db, ct) => query.ReadAsync(db, tenant, filter, null, 50, ct), CancellationToken.None);

        // The contrast: the same role's pool in a second process, read without a retry. (On one pool the contrast would hide
        // the point: Npgsql clears a pool itself once one of its connections breaks, so only the first read fails.)
        await using var plain = NpgsqlDataSource.Create(pg.ConnectionFor("auditexplorer_reader"));
        Assert.Equal(1, await SelectOneAsync(plain));
        Assert.Equal(3, (await ReadPageAsync()).Rows.Count);

        await pg.RestartAsync("fast");

        // Without the retry, the first read after the restart fails: its pooled connection died while idle.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => SelectOneAsync(plain));
        // The audited read is the first on its pool after the restart, and shows the page on that first call...
        Assert.Equal(3, (await ReadPageAsync()).Rows.Count);
        // ...and records its access once: the failed attempt had appended nothing.
        Assert.Equal(2L, await AccessEventsAsync(pg, tenant));
    }

    private static async Task<int> SelectOneAsync(NpgsqlDataSource source)
    {
        await using var conn = await source.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("select 1", conn);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<long> AccessEventsAsync(PrivatePostgresCluster pg, string tenant)
    {
        await using var conn = new NpgsqlConnection(pg.ConnectionFor("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from audit.events where tenant_id = $1 and change_kind = 'access'", conn);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
