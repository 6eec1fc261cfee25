using Npgsql;

namespace AuditExplorer.Tests.Integration.Store;

[Collection(StoreCollection.Name)]
public sealed class AppendOnlyTests(PostgresFixture db)
{
    [Theory]
    [InlineData("auditexplorer_reader", "update audit.events set action = 'x.y'")]
    [InlineData("auditexplorer_reader", "delete from audit.events")]
    [InlineData("auditexplorer_reader", "truncate audit.events")]
    [InlineData("auditexplorer_writer", "update audit.events set action = 'x.y'")]
    [InlineData("auditexplorer_writer", "delete from audit.events")]
    [InlineData("auditexplorer_writer", "truncate audit.events")]
    [InlineData("auditexplorer_writer", "insert into audit.events (tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind, entity_type, entity_id) values ('x', now(), gen_random_uuid(), 'a', 'user', 'a.b', 'other', 'a', '1')")]
    public async Task Application_roles_cannot_change_events(string role, string sql)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionFor(role));
        await conn.OpenAsync();
        var ex = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, conn).ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
    }

    [Theory]
    [InlineData("update audit.events set action = 'tampered.value'")]
    [InlineData("delete from audit.events")]
    [InlineData("truncate audit.events")]
    public async Task Even_the_owner_cannot_change_events(string sql)
    {
        var tenant = await db.CreateTenantAsync();
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using (var append = new NpgsqlCommand("select audit.append_event($1, 'u1', 'user', 'contract.create', 'create', 'contract', '1')", conn))
        {
            append.Parameters.AddWithValue(tenant);
            await append.ExecuteScalarAsync();
        }
        var ex = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, conn).ExecuteNonQueryAsync());
        Assert.Equal("AE100", ex.SqlState);
        Assert.Contains("append-only", ex.MessageText);
    }
}
