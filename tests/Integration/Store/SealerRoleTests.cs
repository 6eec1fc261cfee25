using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Integration.Store;

/// <summary>
/// The sealer (auditexplorer_sealer) learns which events wait and releases the ones it sealed; it cannot read the
/// personal values waiting with them, delete or change queue rows, or release an event it has not sealed.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class SealerRoleTests(PostgresFixture db)
{
    private const string Append = """
        select audit.append_event($1, 'usr_1', 'user', 'order.update', 'update', 'order', 'o-1', null,
                                  '{"customer":{"id":"c-1","email":"carol@example.com"}}'::jsonb)
        """;

    private async Task<(string Tenant, Guid Event)> WaitingEventWithPersonalValuesAsync()
    {
        var tenant = await db.CreateTenantAsync("sr");
        await RoleSql.RunAsync(db.Owner, null,
            "insert into audit.personal_data_paths (tenant_id, path, subject_path) values ($1, '$.customer.email', '$.customer.id')", tenant);
        // One event sealed first, so the tenant has seals a release could name.
        await RoleSql.RunAsync(db.Writer, null, Append, tenant);
        Assert.Equal(1L, (await new EventSealer(db.SealerSource).SealPendingAsync(tenant)).EventsSealed);
        var id = (Guid)(await RoleSql.RunAsync(db.Writer, null, Append, tenant))!;
        return (tenant, id);
    }

    private Task<long> WaitingValuesAsync(string tenant) =>
        RoleSql.CountAsync(db.Owner, "select count(*) from audit.seal_queue where tenant_id = $1 and personal_texts is not null", tenant);

    [Fact]
    public async Task Sealer_reads_which_events_wait()
    {
        var (tenant, id) = await WaitingEventWithPersonalValuesAsync();
        Assert.Equal(1L, await RoleSql.CountAsync(db.Sealer,
            "select count(*) from audit.seal_queue where tenant_id = $1 and event_id = $2 and queued_at is not null", tenant, id));
    }

    [Theory]
    [InlineData("select count(personal_texts) from audit.seal_queue where tenant_id = $1")]
    [InlineData("select count(*) from audit.seal_queue q where tenant_id = $1 and q::text like '%carol%'")]
    [InlineData("select count(*) from audit.all_personal_values where tenant_id = $1")]
    [InlineData("select count(*) from audit.personal_values where tenant_id = $1")]
    public async Task Sealer_never_reads_personal_values(string sql)
    {
        var (tenant, _) = await WaitingEventWithPersonalValuesAsync();
        var refused = await RoleSql.RefusedAsync(db.Sealer, null, sql, tenant);
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Theory]
    [InlineData("delete from audit.seal_queue where tenant_id = $1")]
    [InlineData("update audit.seal_queue set personal_texts = null where tenant_id = $1")]
    [InlineData("select audit.release_sealed_events($1, 1, 1000000)")]
    public async Task Sealer_cannot_take_an_unsealed_event_or_its_values_out_of_the_queue(string sql)
    {
        var (tenant, _) = await WaitingEventWithPersonalValuesAsync();
        try
        {
            var released = await RoleSql.RunAsync(db.Sealer, null, sql, tenant);
            Assert.Equal(0L, released); // the release function runs, and releases nothing that has no seal
        }
        catch (Npgsql.PostgresException e)
        {
            Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
        }
        Assert.Equal(1L, await RoleSql.CountAsync(db.Owner, "select count(*) from audit.seal_queue where tenant_id = $1", tenant));
        Assert.Equal(1L, await WaitingValuesAsync(tenant));
    }
}
