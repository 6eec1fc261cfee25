using Npgsql;

namespace AuditExplorer.Tests.Integration.Sessions;

/// <summary>The web app's role may keep sessions and keys in schema web, and still write nothing in schema audit.</summary>
[Collection(StoreCollection.Name)]
public sealed class SessionPrivilegeTests(PostgresFixture db)
{
    [Fact]
    public async Task Reader_can_insert_update_and_delete_sessions()
    {
        await using var conn = await OpenAsync("auditexplorer_reader");
        var hash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await ExecuteAsync(conn, "insert into web.sessions values ($1, '\\x00', now(), now(), now() + interval '1 minute', now() + interval '1 hour')", hash);
        Assert.Equal(1, await ExecuteAsync(conn, "update web.sessions set ticket = '\\x01' where key_hash = $1", hash));
        Assert.Equal(1, await ExecuteAsync(conn, "delete from web.sessions where key_hash = $1", hash));
    }

    [Fact]
    public async Task Reader_can_add_and_read_data_protection_keys_but_not_rewrite_or_remove_them()
    {
        await using var conn = await OpenAsync("auditexplorer_reader");
        await ExecuteAsync(conn, "insert into web.data_protection_keys (friendly_name, xml) values ('k', '<key/>')");
        Assert.Equal("<key/>", await ScalarAsync(conn, "select xml from web.data_protection_keys where friendly_name = 'k'"));

        await AssertRefusedAsync(conn, "update web.data_protection_keys set xml = '<forged/>'");
        await AssertRefusedAsync(conn, "delete from web.data_protection_keys");
        await AssertRefusedAsync(conn, "truncate web.sessions");
        await AssertRefusedAsync(conn, "drop table web.sessions");
    }

    [Fact]
    public async Task Reader_still_cannot_write_any_table_in_schema_audit()
    {
        await using var super = await OpenAsync("postgres");
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'audit' and c.relkind in ('r', 'p') order by 1", super))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("events", tables);
        Assert.Contains("subjects", tables);

        await using var conn = await OpenAsync("auditexplorer_reader");
        foreach (var table in tables)
        {
            await AssertRefusedAsync(conn, $"insert into audit.\"{table}\" default values");
            await AssertRefusedAsync(conn, $"delete from audit.\"{table}\"");
            await AssertRefusedAsync(conn, $"truncate audit.\"{table}\"");
        }
    }

    [Theory]
    [InlineData("auditexplorer_writer")]
    [InlineData("auditexplorer_sealer")]
    public async Task Other_application_roles_cannot_see_sessions_or_keys(string role)
    {
        await using var conn = await OpenAsync(role);
        await AssertRefusedAsync(conn, "select count(*) from web.sessions");
        await AssertRefusedAsync(conn, "select count(*) from web.data_protection_keys");
    }

    private async Task<NpgsqlConnection> OpenAsync(string role)
    {
        var conn = new NpgsqlConnection(db.ConnectionFor(role));
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection conn, string sql, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    private static async Task AssertRefusedAsync(NpgsqlConnection conn, string sql)
    {
        var ex = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(conn, sql));
        Assert.True(ex.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: expected 42501, got {ex.SqlState} {ex.MessageText}");
    }
}
