using Npgsql;

namespace AuditExplorer.Tests.Integration.Store;

/// <summary>The web app's role (auditexplorer_reader) may append only access events, now, for the tenant it is scoped to.</summary>
[Collection(StoreCollection.Name)]
public sealed class ReaderRoleTests(PostgresFixture db)
{
    private const string BusinessAppend =
        "select audit.append_event($1, 'usr_mallory', 'user', 'contract.update', 'update', 'contract', '42', null, '{\"price\": 1}'::jsonb, '{}'::jsonb, $2)";
    private const string AccessAppend =
        "select audit.append_access_event($1, 'usr_vera', $2, 'contract', '42', '{\"client_app\": \"test\"}'::jsonb)";

    [Fact]
    public async Task Reader_cannot_append_business_events()
    {
        var tenant = await db.CreateTenantAsync("rd");
        var ex = await RoleSql.RefusedAsync(db.Reader, tenant, BusinessAppend, tenant, DateTimeOffset.UtcNow.AddDays(-30));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task Reader_appends_an_access_event_for_its_scoped_tenant_as_a_user_now()
    {
        var tenant = await db.CreateTenantAsync("rd");
        var id = (Guid)(await RoleSql.RunAsync(db.Reader, tenant, AccessAppend, tenant, "audit_log.view"))!;
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select actor_kind, change_kind, action, abs(extract(epoch from occurred_at - now())) < 60 from audit.events where tenant_id = $1 and id = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        await using var row = await cmd.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal(("user", "access", "audit_log.view", true), (row.GetString(0), row.GetString(1), row.GetString(2), row.GetBoolean(3)));
    }

    [Theory]
    [InlineData("contract.update")]
    [InlineData("audit_logx.view")]
    [InlineData("audit_log")]
    public async Task Reader_cannot_pass_a_business_action_through_the_access_path(string action)
    {
        var tenant = await db.CreateTenantAsync("rd");
        var ex = await RoleSql.RefusedAsync(db.Reader, tenant, AccessAppend, tenant, action);
        Assert.Equal("AE009", ex.SqlState);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task Reader_cannot_append_without_a_tenant_scope()
    {
        var tenant = await db.CreateTenantAsync("rd");
        var ex = await RoleSql.RefusedAsync(db.Reader, null, AccessAppend, tenant, "audit_log.view");
        Assert.Equal("AE010", ex.SqlState);
        Assert.Contains("app.tenant_id", ex.MessageText);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task Reader_scoped_to_one_tenant_cannot_append_to_another()
    {
        var scoped = await db.CreateTenantAsync("rd");
        var other = await db.CreateTenantAsync("rd");
        var ex = await RoleSql.RefusedAsync(db.Reader, scoped, AccessAppend, other, "audit_log.view");
        Assert.Equal("AE008", ex.SqlState);
        Assert.Equal(0, await EventCountAsync(other));
    }

    [Fact]
    public async Task Reader_renames_a_subject_only_in_its_scoped_tenant()
    {
        var scoped = await db.CreateTenantAsync("rd");
        var other = await db.CreateTenantAsync("rd");
        const string upsert = "select audit.upsert_subject($1, 'usr_victim', $2, null)";
        await RoleSql.RunAsync(db.Owner, null, upsert, other, "Victor Victim");

        Assert.Equal("AE010", (await RoleSql.RefusedAsync(db.Reader, null, upsert, other, "Mallory")).SqlState);
        Assert.Equal("AE008", (await RoleSql.RefusedAsync(db.Reader, scoped, upsert, other, "Mallory")).SqlState);
        Assert.Equal("Victor Victim", await RoleSql.RunAsync(db.Owner, null,
            "select display_name from audit.subjects where tenant_id = $1 and subject_id = 'usr_victim'", other));

        await RoleSql.RunAsync(db.Reader, other, upsert, other, "Victor V.");
        Assert.Equal("Victor V.", await RoleSql.RunAsync(db.Owner, null,
            "select display_name from audit.subjects where tenant_id = $1 and subject_id = 'usr_victim'", other));
    }

    [Fact]
    public async Task Reader_records_verification_runs_only_for_a_user_and_only_scoped()
    {
        var tenant = await db.CreateTenantAsync("rd");
        Assert.Equal("AE009", (await RoleSql.RefusedAsync(db.Reader, tenant, RecordVerification, tenant, "system")).SqlState);
        Assert.Equal("AE010", (await RoleSql.RefusedAsync(db.Reader, null, RecordVerification, tenant, "user")).SqlState);
        Assert.Equal(0, await EventCountAsync(tenant));

        await RoleSql.RunAsync(db.Reader, tenant, RecordVerification, tenant, "user");
        Assert.Equal(1, await RoleSql.CountAsync(db.Owner,
            "select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.verify' and actor_kind = 'user'", tenant));
    }

    private const string RecordVerification = """
        select audit.record_verification($1, gen_random_uuid(), 'full', now(), 'intact', 1, 0, 0,
                                         null, null, null, null, null, '[]'::jsonb, 'usr_vera', $2)
        """;

    private Task<long> EventCountAsync(string tenant) =>
        RoleSql.CountAsync(db.Owner, "select count(*) from audit.events where tenant_id = $1", tenant);
}
