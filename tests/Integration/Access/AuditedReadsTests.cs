using System.Text.Json;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Access;

[Collection(StoreCollection.Name)]
public sealed class AuditedReadsTests(PostgresFixture db)
{
    private AuditedReads Reads => new(new SourceContexts(db.ReaderSource), db.ReaderSource);

    private static Viewer Viewer(AccessPurpose? purpose = null) => new("usr_viewer", "Vera Viewer", "vera@example.test", ["compliance_officer"],
        new ViewerRequest("req-1", "sess-1", "127.0.0.1", "Chromium", "oidc", "auditexplorer-web"), purpose);

    private static AccessRecord Access(int rows) => new("audit_log.view", "contract", "42",
        new Dictionary<string, string?> { ["filter"] = "?kind=update", ["rows"] = rows.ToString() });

    private async Task<long> AccessEventCountAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from audit.events where tenant_id = $1 and change_kind = 'access'", conn);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<long> ReadEventCountAsync(AuditDbContext ctx, string tenant, CancellationToken ct) =>
        await ctx.Events.LongCountAsync(e => e.TenantId == tenant && e.ChangeKind != "access", ct);

    [Fact]
    public async Task One_read_appends_exactly_one_access_event_describing_viewer_filter_and_request()
    {
        var tenant = await db.CreateTenantAsync("ar");
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await TestEvents.AppendAsync(owner, tenant, DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        var count = await Reads.ReadAsync(tenant, Viewer(), n => Access((int)n), (ctx, ct) => ReadEventCountAsync(ctx, tenant, ct), CancellationToken.None);

        Assert.Equal(1, count);
        Assert.Equal(1, await AccessEventCountAsync(tenant));
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select actor_id, actor_kind, action, entity_type, entity_id, context::text from audit.events where tenant_id = $1 and change_kind = 'access'", conn);
        cmd.Parameters.AddWithValue(tenant);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(("usr_viewer", "user", "audit_log.view", "contract", "42"), (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        var context = JsonDocument.Parse(r.GetString(5)).RootElement;
        Assert.Equal("req-1", context.GetProperty("request_id").GetString());
        Assert.Equal("127.0.0.1", context.GetProperty("ip").GetString());
        Assert.Equal("Chromium", context.GetProperty("user_agent").GetString());
        Assert.Equal("oidc", context.GetProperty("auth_method").GetString());
        Assert.Equal("?kind=update", context.GetProperty("access").GetProperty("filter").GetString());
        Assert.Equal("1", context.GetProperty("access").GetProperty("rows").GetString());
    }

    [Fact]
    public async Task Viewer_is_registered_as_a_pseudonymous_subject()
    {
        var tenant = await db.CreateTenantAsync("subj");
        await Reads.ReadAsync(tenant, Viewer(), n => Access((int)n), (ctx, ct) => ReadEventCountAsync(ctx, tenant, ct), CancellationToken.None);
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select display_name from audit.subjects where tenant_id = $1 and subject_id = 'usr_viewer'", conn);
        cmd.Parameters.AddWithValue(tenant);
        Assert.Equal("Vera Viewer", await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Purpose_and_break_glass_are_recorded_on_the_access_event()
    {
        var tenant = await db.CreateTenantAsync("why");
        await Reads.ReadAsync(tenant, Viewer(new AccessPurpose("INC-77 outage review", BreakGlass: true)), n => Access((int)n),
            (ctx, ct) => ReadEventCountAsync(ctx, tenant, ct), CancellationToken.None);
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select context ->> 'reason', (context ->> 'break_glass')::boolean from audit.events where tenant_id = $1", conn);
        cmd.Parameters.AddWithValue(tenant);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("INC-77 outage review", r.GetString(0));
        Assert.True(r.GetBoolean(1));
    }

    [Fact]
    public async Task Read_fails_closed_when_the_access_event_cannot_be_written()
    {
        var tenant = await db.CreateTenantAsync("closed");
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await TestEvents.AppendAsync(owner, tenant, DateTimeOffset.UtcNow.AddMinutes(-1));
        }
        await SetAppendPrivilegeAsync(grant: false);
        try
        {
            var ex = await Assert.ThrowsAsync<AccessNotRecordedException>(() =>
                Reads.ReadAsync(tenant, Viewer(), n => Access((int)n), (ctx, ct) => ReadEventCountAsync(ctx, tenant, ct), CancellationToken.None));
            Assert.StartsWith("This access could not be recorded, so nothing is shown.", ex.Message);
        }
        finally
        {
            await SetAppendPrivilegeAsync(grant: true);
        }
        Assert.Equal(0, await AccessEventCountAsync(tenant));
    }

    private async Task SetAppendPrivilegeAsync(bool grant)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        var verb = grant ? "grant" : "revoke";
        var direction = grant ? "to" : "from";
        await using var cmd = new NpgsqlCommand(
            $"{verb} execute on function audit.append_access_event(text, text, text, text, text, jsonb) {direction} auditexplorer_reader", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
