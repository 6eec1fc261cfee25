using AuditExplorer.Data.Ingest;
using AuditExplorer.Tests.Integration.Integrity;

namespace AuditExplorer.Tests.Integration.Ingest;

[Collection(StoreCollection.Name)]
public sealed class ApiKeyTests(PostgresFixture db)
{
    private readonly IngestTestbed _bed = new(db);

    [Fact]
    public async Task A_created_key_authenticates_for_its_own_tenant_only_until_it_is_revoked()
    {
        var tenant = await db.CreateTenantAsync("keys");
        var other = await db.CreateTenantAsync("keys");
        var token = await _bed.Keys.CreateAsync(tenant, IngestTestbed.Admin, "billing system", CancellationToken.None);

        Assert.Equal(token.KeyId, await _bed.Keys.AuthenticateAsync(tenant, token.ToString(), CancellationToken.None));
        Assert.Null(await _bed.Keys.AuthenticateAsync(other, token.ToString(), CancellationToken.None));
        Assert.Null(await _bed.Keys.AuthenticateAsync(tenant, token.KeyId + "." + new string('A', 43), CancellationToken.None));
        Assert.Null(await _bed.Keys.AuthenticateAsync(tenant, "not a key", CancellationToken.None));

        Assert.True(await _bed.Keys.RevokeAsync(tenant, IngestTestbed.Admin, token.KeyId, CancellationToken.None));
        Assert.Null(await _bed.Keys.AuthenticateAsync(tenant, token.ToString(), CancellationToken.None));
        Assert.False(await _bed.Keys.RevokeAsync(tenant, IngestTestbed.Admin, token.KeyId, CancellationToken.None));
    }

    [Fact]
    public async Task A_key_sent_to_another_tenant_is_recognised_as_such_only_with_its_secret_and_only_until_revoked()
    {
        var tenant = await db.CreateTenantAsync("keys");
        var other = await db.CreateTenantAsync("keys");
        var token = await _bed.Keys.CreateAsync(tenant, IngestTestbed.Admin, "billing system", CancellationToken.None);

        Assert.True(await _bed.Keys.IsKeyOfAnotherTenantAsync(other, token.ToString(), CancellationToken.None));
        // Its own tenant is not "another"; a wrong secret or garbage tells nothing; a revoked key is no key.
        Assert.False(await _bed.Keys.IsKeyOfAnotherTenantAsync(tenant, token.ToString(), CancellationToken.None));
        Assert.False(await _bed.Keys.IsKeyOfAnotherTenantAsync(other, token.KeyId + "." + new string('A', 43), CancellationToken.None));
        Assert.False(await _bed.Keys.IsKeyOfAnotherTenantAsync(other, "not a key", CancellationToken.None));
        Assert.True(await _bed.Keys.RevokeAsync(tenant, IngestTestbed.Admin, token.KeyId, CancellationToken.None));
        Assert.False(await _bed.Keys.IsKeyOfAnotherTenantAsync(other, token.ToString(), CancellationToken.None));
    }

    [Fact]
    public async Task Creating_and_revoking_a_key_are_access_events_and_the_secret_is_never_stored()
    {
        var tenant = await db.CreateTenantAsync("keys");
        var token = await _bed.Keys.CreateAsync(tenant, IngestTestbed.Admin, "crm", CancellationToken.None);
        await _bed.Keys.RevokeAsync(tenant, IngestTestbed.Admin, token.KeyId, CancellationToken.None);
        // A revocation of nothing is not recorded.
        await _bed.Keys.RevokeAsync(tenant, IngestTestbed.Admin, token.KeyId, CancellationToken.None);

        var actions = await ChainTestbed.ScalarAsync<string>(db.SuperUser,
            "select string_agg(action || ':' || actor_id || ':' || entity_id, ',' order by recorded_at, action) from audit.events where tenant_id = $1 and change_kind = 'access'", tenant);
        Assert.Equal($"audit_log.api_key_create:usr_dave:{token.KeyId},audit_log.api_key_revoke:usr_dave:{token.KeyId}", actions);
        var everything = await ChainTestbed.ScalarAsync<string>(db.SuperUser,
            "select coalesce((select string_agg(k::text, '') from web.api_keys k), '') || (select string_agg(e::text, '') from audit.events e where tenant_id = $1)", tenant);
        Assert.DoesNotContain(token.Secret, everything);
        Assert.Contains(token.KeyId, everything);
    }

    [Fact]
    public async Task A_key_needs_a_label()
    {
        var tenant = await db.CreateTenantAsync("keys");
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _bed.Keys.CreateAsync(tenant, IngestTestbed.Admin, "  ", CancellationToken.None));
        Assert.StartsWith("Give the key a label", ex.Message);
        Assert.Empty(await _bed.Keys.ListAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task The_reader_sees_and_writes_only_the_keys_of_its_scoped_tenant()
    {
        var tenant = await db.CreateTenantAsync("keys");
        var other = await db.CreateTenantAsync("keys");
        await _bed.Keys.CreateAsync(tenant, IngestTestbed.Admin, "mine", CancellationToken.None);
        await _bed.Keys.CreateAsync(other, IngestTestbed.Admin, "theirs", CancellationToken.None);

        await using var conn = new Npgsql.NpgsqlConnection(db.Reader);
        await conn.OpenAsync();
        await using var tx = await AuditExplorer.Data.Access.TenantScope.BeginAsync(conn, tenant, CancellationToken.None);
        await using (var count = new Npgsql.NpgsqlCommand("select string_agg(label, ',') from web.api_keys", conn, tx))
            Assert.Equal("mine", await count.ExecuteScalarAsync());
        await using var forge = new Npgsql.NpgsqlCommand(
            "insert into web.api_keys (tenant_id, key_id, secret_hash, label, created_by) values ($1, 'ak_aaaaaaaaaaaaaaaa', sha256('x'), 'forged', 'usr_x')", conn, tx);
        forge.Parameters.AddWithValue(other);
        var ex = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => forge.ExecuteNonQueryAsync());
        Assert.Equal("42501", ex.SqlState); // new row violates row-level security policy
    }
}
