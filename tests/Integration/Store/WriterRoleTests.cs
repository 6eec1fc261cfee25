namespace AuditExplorer.Tests.Integration.Store;

/// <summary>Applications (auditexplorer_writer) append business events but cannot write the access log.</summary>
[Collection(StoreCollection.Name)]
public sealed class WriterRoleTests(PostgresFixture db)
{
    private const string Append = "select audit.append_event($1, 'usr_1', 'user', $2, $3, 'contract', '42')";

    [Theory]
    [InlineData("audit_log.view")]
    [InlineData("audit_log.export")]
    [InlineData("audit_log.verify")]
    public async Task Writer_cannot_append_access_log_events(string action)
    {
        var tenant = await db.CreateTenantAsync("wr");
        var ex = await RoleSql.RefusedAsync(db.Writer, null, Append, tenant, action, "access");
        Assert.Equal("AE011", ex.SqlState);
        Assert.Contains(action, ex.MessageText);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task Writer_appends_business_events()
    {
        var tenant = await db.CreateTenantAsync("wr");
        await RoleSql.RunAsync(db.Writer, null, Append, tenant, "contract.update", "update");
        await RoleSql.RunAsync(db.Writer, null, Append, tenant, "contract.view", "access");
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task Writer_cannot_use_the_explorers_access_path()
    {
        var tenant = await db.CreateTenantAsync("wr");
        var ex = await RoleSql.RefusedAsync(db.Writer, tenant,
            "select audit.append_access_event($1, 'usr_1', 'audit_log.view', 'contract', '42')", tenant);
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
    }

    [Fact]
    public async Task Writer_registers_subjects_without_a_scope_but_not_in_another_scoped_tenant()
    {
        var tenant = await db.CreateTenantAsync("wr");
        var other = await db.CreateTenantAsync("wr");
        const string upsert = "select audit.upsert_subject($1, 'usr_1', 'Una User', null)";
        await RoleSql.RunAsync(db.Writer, null, upsert, tenant);
        Assert.Equal("AE008", (await RoleSql.RefusedAsync(db.Writer, other, upsert, tenant)).SqlState);
        Assert.Equal(1, await RoleSql.CountAsync(db.Owner, "select count(*) from audit.subjects where tenant_id = $1", tenant));
    }

    private Task<long> EventCountAsync(string tenant) =>
        RoleSql.CountAsync(db.Owner, "select count(*) from audit.events where tenant_id = $1", tenant);
}
