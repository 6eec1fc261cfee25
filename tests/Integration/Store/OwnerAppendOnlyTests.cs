using Npgsql;

namespace AuditExplorer.Tests.Integration.Store;

/// <summary>
/// The owner migrates the schema but cannot remove history: every partition refuses TRUNCATE, and the
/// superuser-installed event triggers (Store/Sql/append_only_guard.sql) refuse DDL that would.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class OwnerAppendOnlyTests(PostgresFixture db)
{
    private static string ThisMonth => "events_" + DateTime.UtcNow.ToString("yyyy_MM", System.Globalization.CultureInfo.InvariantCulture);
    // Months created since migration 019 are partitioned by tenant; their shared partition is a table of its own.
    private static string NextMonthShared => "events_" + DateTime.UtcNow.AddMonths(1).ToString("yyyy_MM", System.Globalization.CultureInfo.InvariantCulture) + "_shared";

    [Theory]
    [InlineData("truncate audit.{month}")]
    [InlineData("truncate audit.{next_shared}")]
    public async Task Owner_cannot_truncate_a_partition(string sql)
    {
        var tenant = await AppendOneEventAsync();
        var ex = await RoleSql.RefusedAsync(db.Owner, null, sql.Replace("{month}", ThisMonth).Replace("{next_shared}", NextMonthShared));
        Assert.Equal("AE100", ex.SqlState);
        Assert.Contains("append-only", ex.MessageText);
        Assert.Equal(1, await EventCountAsync(tenant));
    }

    [Theory]
    [InlineData("drop table audit.{month}", "dropping table audit.{month}")]
    [InlineData("drop table audit.events cascade", "dropping table")]
    [InlineData("alter table audit.events detach partition audit.{month}", "detaching partition audit.{month}")]
    [InlineData("alter table audit.events disable trigger events_append_only", "disabling trigger events_append_only")]
    [InlineData("alter table audit.{month} disable trigger events_no_truncate", "disabling trigger events_no_truncate")]
    [InlineData("alter table audit.seals disable trigger all", "disabling trigger")]
    [InlineData("alter table audit.events enable replica trigger events_append_only", "disabling trigger")]
    [InlineData("drop trigger events_no_truncate on audit.{month}", "dropping trigger")]
    [InlineData("alter table audit.events no force row level security", "row-level security")]
    [InlineData("alter table audit.subjects disable row level security", "row-level security")]
    [InlineData("alter table audit.events drop column context", "dropping column")]
    [InlineData("alter table audit.events alter column actor_id type varchar(300) using 'forged'", "rewriting")]
    [InlineData("create or replace function audit.reject_change() returns trigger language plpgsql as $$ begin return null; end $$", "reject_change")]
    [InlineData("drop schema audit cascade", "dropping")]
    public async Task Owner_cannot_remove_history_with_DDL(string sql, string message)
    {
        var tenant = await AppendOneEventAsync();
        var ex = await RoleSql.RefusedAsync(db.Owner, null, sql.Replace("{month}", ThisMonth));
        Assert.Equal("AE100", ex.SqlState);
        Assert.Contains(message.Replace("{month}", ThisMonth), ex.MessageText);
        Assert.Equal(1, await EventCountAsync(tenant));
        Assert.Equal("AE100", (await RoleSql.RefusedAsync(db.Owner, null, $"truncate audit.{ThisMonth}")).SqlState);
    }

    [Fact]
    public async Task Owner_can_still_migrate_the_schema()
    {
        await RolledBackAsync(db.Owner,
            "alter table audit.events add column note text",
            "alter table audit.seals add column batch integer not null default 0",
            "create index events_note_ix on audit.events (tenant_id, note)",
            "create table audit.scratch (tenant_id text primary key)",
            "alter table audit.scratch add column x integer",
            "drop table audit.scratch",
            "create or replace function audit.scratch_fn() returns integer language sql as 'select 1'",
            "drop function audit.scratch_fn()");
    }

    [Fact]
    public async Task Ensure_partitions_creates_partitions_that_refuse_truncate()
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        Assert.Equal(1, await ScalarAsync<int>(conn, "select audit.ensure_partitions('2041-03-01', '2041-03-01')"));
        Assert.Equal(1L, await ScalarAsync<long>(conn,
            "select count(*) from pg_trigger where tgrelid = 'audit.events_2041_03'::regclass and tgname = 'events_no_truncate'"));
        var ex = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<object>(conn, "truncate audit.events_2041_03"));
        Assert.Equal("AE100", ex.SqlState);
    }

    [Fact]
    public async Task A_partition_created_by_hand_gets_its_truncate_trigger_too()
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await ScalarAsync<object>(conn, "create table audit.events_2042_01 partition of audit.events for values from ('2042-01-01') to ('2042-02-01')");
        var ex = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<object>(conn, "truncate audit.events_2042_01"));
        Assert.Equal("AE100", ex.SqlState);
    }

    [Fact]
    public async Task Only_the_retention_hook_drops_a_partition_and_only_an_empty_expired_one()
    {
        await RoleSql.RunAsync(db.Owner, null, "select audit.ensure_partitions('2001-01-01', '2001-01-01')");
        Assert.Equal("AE100", (await RoleSql.RefusedAsync(db.Owner, null, "drop table audit.events_2001_01_shared")).SqlState);

        await RoleSql.RunAsync(db.Owner, null, "select audit_guard.drop_expired_partition('audit.events_2001_01_shared')");
        Assert.Equal(true, await RoleSql.RunAsync(db.Owner, null, "select to_regclass('audit.events_2001_01_shared') is null"));

        var tenant = await db.CreateTenantAsync("own");
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await ScalarAsync<int>(conn, "select audit.ensure_partitions('2001-02-01', '2001-02-01')");
        await TestEvents.AppendAsync(conn, tenant, new DateTimeOffset(2001, 2, 15, 0, 0, 0, TimeSpan.Zero));
        var ex = await Assert.ThrowsAsync<PostgresException>(() =>
            ScalarAsync<object>(conn, "select audit_guard.drop_expired_partition('audit.events_2001_02_shared')"));
        Assert.Equal("AE100", ex.SqlState);
        Assert.Contains("still holds events", ex.MessageText);
    }

    [Fact]
    public async Task Retention_hook_refuses_the_current_and_coming_partitions_and_the_default_partition_is_gone()
    {
        // The default partition would disable ordered Append and catch months nobody created (docs/retention.md).
        Assert.Equal(true, await RoleSql.RunAsync(db.Owner, null, "select to_regclass('audit.events_default') is null"));
        Assert.Equal("AE100", (await RoleSql.RefusedAsync(db.Owner, null, $"select audit_guard.drop_expired_partition('audit.{NextMonthShared}')")).SqlState);
        Assert.Equal("AE100", (await RoleSql.RefusedAsync(db.Owner, null, $"select audit_guard.drop_expired_partition('audit.{ThisMonth}')")).SqlState);
    }

    [Fact]
    public async Task A_superuser_is_not_stopped_by_the_guard()
    {
        // The trust boundary (docs/database-roles.md): a superuser can do anything; verification catches what it changes.
        await RolledBackAsync(db.SuperUser, $"alter table audit.events detach partition audit.{ThisMonth}");
    }

    private async Task<string> AppendOneEventAsync()
    {
        var tenant = await db.CreateTenantAsync("own");
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow);
        return tenant;
    }

    private Task<long> EventCountAsync(string tenant) =>
        RoleSql.CountAsync(db.Owner, "select count(*) from audit.events where tenant_id = $1", tenant);

    private static async Task RolledBackAsync(string connectionString, params string[] statements)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var sql in statements) await ScalarAsync<object>(conn, sql);
        await tx.RollbackAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
