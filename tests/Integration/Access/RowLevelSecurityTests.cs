using Npgsql;

namespace AuditExplorer.Tests.Integration.Access;

[Collection(StoreCollection.Name)]
public sealed class RowLevelSecurityTests(PostgresFixture db)
{
    [Fact]
    public async Task Reader_cannot_see_other_tenant_rows_even_when_asking_for_them()
    {
        var a = await db.CreateTenantAsync("a");
        var b = await db.CreateTenantAsync("b");
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await TestEvents.AppendAsync(owner, a, DateTimeOffset.UtcNow.AddMinutes(-5));
            await TestEvents.AppendAsync(owner, b, DateTimeOffset.UtcNow.AddMinutes(-4));
            await TestEvents.AppendAsync(owner, b, DateTimeOffset.UtcNow.AddMinutes(-3));
        }

        await using var reader = new NpgsqlConnection(db.Reader);
        await reader.OpenAsync();
        await using var tx = await reader.BeginTransactionAsync();
        await ScopeToAsync(reader, tx, a);
        Assert.Equal(0L, await CountAsync(reader, tx, "select count(*) from audit.events where tenant_id = $1", b));
        Assert.Equal(1L, await CountAsync(reader, tx, "select count(*) from audit.events where tenant_id = $1", a));
        Assert.Equal(0L, await CountAsync(reader, tx, "select count(*) from audit.subjects where tenant_id = $1", b));
        Assert.Equal(0L, await CountAsync(reader, tx, "select count(*) from audit.tenants where tenant_id = $1", b));
    }

    [Fact]
    public async Task Reader_without_a_tenant_setting_sees_nothing()
    {
        var a = await db.CreateTenantAsync("a");
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await TestEvents.AppendAsync(owner, a, DateTimeOffset.UtcNow.AddMinutes(-5));
        }
        await using var reader = new NpgsqlConnection(db.Reader);
        await reader.OpenAsync();
        Assert.Equal(0L, await CountAsync(reader, null, "select count(*) from audit.events where tenant_id = $1", a));
    }

    [Fact]
    public async Task Tenant_setting_does_not_outlive_its_transaction_on_a_pooled_connection()
    {
        var a = await db.CreateTenantAsync("a");
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await TestEvents.AppendAsync(owner, a, DateTimeOffset.UtcNow.AddMinutes(-5));
        }
        await using var reader = new NpgsqlConnection(db.Reader);
        await reader.OpenAsync();
        await using (var tx = await reader.BeginTransactionAsync())
        {
            await ScopeToAsync(reader, tx, a);
            Assert.Equal(1L, await CountAsync(reader, tx, "select count(*) from audit.events where tenant_id = $1", a));
            await tx.CommitAsync();
        }
        Assert.Equal(0L, await CountAsync(reader, null, "select count(*) from audit.events where tenant_id = $1", a));
    }

    [Fact]
    public async Task Reader_cannot_append_to_another_tenant_than_its_scope()
    {
        var a = await db.CreateTenantAsync("a");
        var b = await db.CreateTenantAsync("b");
        await using var reader = new NpgsqlConnection(db.Reader);
        await reader.OpenAsync();
        await using var tx = await reader.BeginTransactionAsync();
        await ScopeToAsync(reader, tx, a);
        await using var append = new NpgsqlCommand("select audit.append_access_event($1, 'usr_1', 'audit_log.view', 'tenant', $1)", reader, tx);
        append.Parameters.AddWithValue(b);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => append.ExecuteScalarAsync());
        Assert.Equal("AE008", ex.SqlState);
    }

    private static async Task ScopeToAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant)
    {
        await using var scope = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", conn, tx);
        scope.Parameters.AddWithValue(tenant);
        await scope.ExecuteScalarAsync();
    }

    private static async Task<long> CountAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, string tenant)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
