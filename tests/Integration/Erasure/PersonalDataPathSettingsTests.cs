using System.Text.Json;
using AuditExplorer.Data.Erasure;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Erasure;

/// <summary>An audit admin sets a tenant's personal-data paths through the explorer's role; each change is audited and applies from then on.</summary>
[Collection(StoreCollection.Name)]
public sealed class PersonalDataPathSettingsTests(PostgresFixture db)
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly PersonalDataPath Email = new("$.customer.email", "$.customer.id");
    private PersonalDataPaths Paths => new(db.ReaderSource);

    [Fact]
    public async Task Values_at_a_path_added_by_an_audit_admin_leave_the_hashed_bytes_from_then_on()
    {
        var tenant = await db.CreateTenantAsync("pp");
        var before = await AppendAsync(tenant, "before@example.com", 0);

        var accessEvent = await Paths.SetAsync(tenant, Email, "DPIA-7: customer e-mail is personal", "usr_admin_1");
        var after = await AppendAsync(tenant, "after@example.com", 1);

        Assert.Equal([Email], await Paths.ListAsync(tenant));
        Assert.Contains("before@example.com", await StoredValuesAsync(tenant, before)); // written before: unchanged
        var stored = await StoredValuesAsync(tenant, after);
        Assert.DoesNotContain("after@example.com", stored);
        Assert.Contains("$personal", stored);
        var (action, actor, context) = await EventAsync(tenant, accessEvent);
        Assert.Equal(("audit_log.personal_path_set", "usr_admin_1"), (action, actor));
        Assert.Equal("DPIA-7: customer e-mail is personal", JsonDocument.Parse(context).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Removing_a_path_is_audited_and_later_values_stay_in_the_hashed_bytes()
    {
        var tenant = await db.CreateTenantAsync("pp");
        await Paths.SetAsync(tenant, Email, "DPIA-8", "usr_admin_1");
        var committed = await AppendAsync(tenant, "one@example.com", 0);

        var accessEvent = await Paths.RemoveAsync(tenant, Email.Path, "e-mail moved to the CRM; not personal here", "usr_admin_2");
        var clear = await AppendAsync(tenant, "two@example.com", 1);

        Assert.Empty(await Paths.ListAsync(tenant));
        Assert.DoesNotContain("one@example.com", await StoredValuesAsync(tenant, committed));
        Assert.Contains("two@example.com", await StoredValuesAsync(tenant, clear));
        Assert.Equal("audit_log.personal_path_removed", (await EventAsync(tenant, accessEvent)).Action);
    }

    [Theory]
    [InlineData("$.customer.email", "$.customer.id", "", "a reason is required")]
    [InlineData("customer.email", "$.customer.id", "DPIA", "names a member of old/new values")]
    [InlineData("$.customer['email']", "$.customer.id", "DPIA", "names a member of old/new values")]
    [InlineData("$.customer.email", "the customer", "DPIA", "say whose value it is")]
    [InlineData("$.customer.id", "$.customer.id", "DPIA", "cannot itself be the personal value")]
    public async Task A_bad_path_change_is_refused_with_a_message_and_writes_nothing(string path, string subjectPath, string reason, string message)
    {
        var tenant = await db.CreateTenantAsync("pp");

        var refused = await Assert.ThrowsAsync<PersonalDataPathRefusedException>(() => Paths.SetAsync(tenant, new PersonalDataPath(path, subjectPath), reason, "usr_admin_1"));

        Assert.Equal("AE057", refused.SqlState);
        Assert.Contains(message, refused.Message);
        Assert.Empty(await Paths.ListAsync(tenant));
        Assert.Equal(0L, await CountAsync("select count(*) from audit.events where tenant_id = $1 and action like 'audit_log.personal_path%'", tenant));
    }

    [Fact]
    public async Task Removing_a_path_the_tenant_does_not_have_is_refused()
    {
        var tenant = await db.CreateTenantAsync("pp");
        var refused = await Assert.ThrowsAsync<PersonalDataPathRefusedException>(() => Paths.RemoveAsync(tenant, "$.nothing.here", "cleanup", "usr_admin_1"));
        Assert.Equal("AE057", refused.SqlState);
    }

    [Fact]
    public async Task The_explorer_role_changes_paths_only_through_the_audited_functions_and_only_in_its_tenant_scope()
    {
        var tenant = await db.CreateTenantAsync("pp");
        var other = await db.CreateTenantAsync("pp");
        await using var conn = new NpgsqlConnection(db.Reader);
        await conn.OpenAsync();

        // Scoped to one tenant, the function refuses another tenant's paths.
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Exec(conn, "select set_config('app.tenant_id', $1, true)", tenant);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => Exec(conn, "select audit.set_personal_data_path($1, '$.a.b', '$.a.id', 'r', 'usr_x', 'user')", other));
            Assert.StartsWith("AE", ex.SqlState);
        }
        // The table itself is not writable by the explorer's role (the audited function is the only way).
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Exec(conn, "select set_config('app.tenant_id', $1, true)", tenant);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => Exec(conn, "insert into audit.personal_data_paths (tenant_id, path, subject_path) values ($1, '$.a.b', '$.a.id')", tenant));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        }
        // The contrast: the same call in its own scope succeeds.
        await Paths.SetAsync(tenant, new PersonalDataPath("$.a.b", "$.a.id"), "r", "usr_x");
        Assert.Single(await Paths.ListAsync(tenant));
        Assert.Empty(await Paths.ListAsync(other));

        // Applications (the writer role) cannot change which values are erasable.
        await using var writer = new NpgsqlConnection(db.Writer);
        await writer.OpenAsync();
        var denied = await Assert.ThrowsAsync<PostgresException>(() => Exec(writer, "select audit.set_personal_data_path($1, '$.c.d', '$.c.id', 'r', 'usr_x', 'user')", tenant));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    private async Task<Guid> AppendAsync(string tenant, string email, int hour)
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        return await TestEvents.AppendAsync(conn, tenant, T0.AddHours(hour), entityType: "customer", entityId: "c-1", action: "customer.update",
            oldValues: "{}", newValues: JsonSerializer.Serialize(new { customer = new { id = "c-1", email } }));
    }

    private async Task<string> StoredValuesAsync(string tenant, Guid id)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select new_values::text from audit.events where tenant_id = $1 and id = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<(string Action, string Actor, string Context)> EventAsync(string tenant, Guid id)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select action, actor_id, context::text from audit.events where tenant_id = $1 and id = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the access event was not written");
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }

    private async Task<long> CountAsync(string sql, string tenant)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, string tenant)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue(tenant);
        await cmd.ExecuteNonQueryAsync();
    }
}
