using AuditExplorer.Data.Access;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Tests.Integration.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Timelines;

/// <summary>
/// Word search reads audit.event_words, which the sealer fills in the transaction that seals the
/// events (025_word_search_off_write_path.sql): the write path no longer maintains a word index.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class WordSearchSealingTests(PostgresFixture db)
{
    private readonly EventSealer _sealer = new(db.SealerSource);

    private async Task<List<Guid>> SearchAsync(string tenant, string text)
    {
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, default);
        return await TimelineSource.Filtered(ctx, tenant, new TimelineFilter { Text = text }).Select(e => e.Id).ToListAsync();
    }

    private async Task<Guid> AppendAsync(string tenant, string newValues, int minutesAgo = 5)
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        return await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddMinutes(-minutesAgo), newValues: newValues);
    }

    private Task<long> WordRowsAsync(string tenant) =>
        RoleSql.CountAsync(db.SuperUser, "select count(*) from audit.event_words where tenant_id = $1", tenant);

    [Fact]
    public async Task A_word_search_finds_an_event_only_once_it_is_sealed()
    {
        var tenant = await db.CreateTenantAsync("words");
        var id = await AppendAsync(tenant, """{"status":"quarantined"}""");

        Assert.Empty(await SearchAsync(tenant, "quarantined"));
        Assert.Equal(0, await WordRowsAsync(tenant));

        await _sealer.SealPendingAsync(tenant);

        Assert.Equal([id], await SearchAsync(tenant, "quarantined"));
    }

    [Fact]
    public async Task Every_sealed_event_has_exactly_one_word_row_and_no_unsealed_event_has_one()
    {
        var tenant = await db.CreateTenantAsync("words");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            // Both write paths: one call per event, and the set path of audit.append_events.
            for (var i = 0; i < 3; i++)
                await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddMinutes(-10 + i), newValues: $$"""{"n":{{i}}}""");
            await using var bulk = new NpgsqlCommand("""
                select audit.append_events(jsonb_agg(jsonb_build_object('tenant_id', $1::text, 'actor_id', 'svc', 'actor_kind', 'service',
                       'action', 'row.import', 'change_kind', 'create', 'entity_type', 'row', 'entity_id', g::text,
                       'new_values', jsonb_build_object('row', g), 'occurred_at', now() - make_interval(secs => g))))
                from generate_series(1, 25) g
                """, conn);
            bulk.Parameters.AddWithValue(tenant);
            await bulk.ExecuteScalarAsync();
        }
        // Seal in small batches so several transactions each write their words.
        await _sealer.SealPendingAsync(tenant, batchSize: 7);
        var late = await AppendAsync(tenant, """{"late":"unsealed"}""", minutesAgo: 1);

        Assert.Equal(28, await RoleSql.CountAsync(db.SuperUser, "select count(*) from audit.seals where tenant_id = $1", tenant));
        Assert.Equal(28, await WordRowsAsync(tenant));
        Assert.Equal(0, await RoleSql.CountAsync(db.SuperUser, """
            select count(*) from audit.seals s
            where s.tenant_id = $1
              and not exists (select 1 from audit.event_words w where w.tenant_id = s.tenant_id and w.occurred_at = s.occurred_at and w.id = s.event_id)
            """, tenant));
        Assert.Equal(0, await RoleSql.CountAsync(db.SuperUser, """
            select count(*) from audit.event_words w
            where w.tenant_id = $1 and not exists (select 1 from audit.seals s where s.tenant_id = w.tenant_id and s.event_id = w.id)
            """, tenant));
        Assert.Equal(0, await RoleSql.CountAsync(db.SuperUser, "select count(*) from audit.event_words where tenant_id = $1 and id = $2", tenant, late));
        Assert.Empty(await SearchAsync(tenant, "unsealed"));
    }

    [Fact]
    public async Task A_personal_value_is_found_by_its_blind_index_only_once_its_event_is_sealed()
    {
        var tenant = await db.CreateTenantAsync("words");
        await RoleSql.RunAsync(db.Owner, null,
            "insert into audit.personal_data_paths (tenant_id, path, subject_path) values ($1, '$.customer.email', '$.customer.id')", tenant);
        var email = $"pat.{Guid.NewGuid():N}@example.com";
        var id = await AppendAsync(tenant, $$$"""{"customer":{"id":"c-7","email":"{{{email}}}"}}""");

        Assert.Empty(await SearchAsync(tenant, email));
        await _sealer.SealPendingAsync(tenant);

        Assert.Equal([id], await SearchAsync(tenant, email));
        // The words hold the commitment, never the value.
        Assert.Equal(0, await RoleSql.CountAsync(db.SuperUser,
            "select count(*) from audit.event_words w where w.tenant_id = $1 and strpos(w::text, $2) > 0", tenant, email));
    }

    [Fact]
    public async Task The_reader_sees_word_rows_only_of_its_scoped_tenant()
    {
        var mine = await db.CreateTenantAsync("words");
        var theirs = await db.CreateTenantAsync("words");
        await AppendAsync(mine, """{"fruit":"quince"}""");
        await AppendAsync(theirs, """{"fruit":"quince"}""");
        await _sealer.SealPendingAsync(mine);
        await _sealer.SealPendingAsync(theirs);
        const string Count = "select count(*) from audit.event_words where words @@ plainto_tsquery('simple', 'quince') and tenant_id = any($1)";
        string[] both = [mine, theirs];

        Assert.Equal(2, await RoleSql.CountAsync(db.SuperUser, Count, (object)both));
        Assert.Equal(1L, await RoleSql.RunAsync(db.Reader, mine, Count, (object)both));
        Assert.Equal(0L, await RoleSql.RunAsync(db.Reader, null, Count, (object)both));
        Assert.Single(await SearchAsync(mine, "quince"));
    }

    [Fact]
    public async Task No_role_writes_word_rows_but_the_sealer_and_nobody_changes_them()
    {
        var tenant = await db.CreateTenantAsync("words");
        var id = await AppendAsync(tenant, """{"k":"v"}""");
        await _sealer.SealPendingAsync(tenant);
        const string Insert = "insert into audit.event_words (tenant_id, occurred_at, id, words) values ($1, now(), gen_random_uuid(), to_tsvector('simple', 'forged'))";

        Assert.Equal("42501", (await RoleSql.RefusedAsync(db.Reader, tenant, Insert, tenant)).SqlState);
        Assert.Equal("42501", (await RoleSql.RefusedAsync(db.Writer, null, Insert, tenant)).SqlState);
        Assert.Equal("42501", (await RoleSql.RefusedAsync(db.Sealer, null, "update audit.event_words set words = to_tsvector('simple', 'x') where id = $1", id)).SqlState);
        Assert.Equal("42501", (await RoleSql.RefusedAsync(db.Sealer, null, "delete from audit.event_words where id = $1", id)).SqlState);
        Assert.Equal("AE100", (await RoleSql.RefusedAsync(db.Owner, null, "update audit.event_words set words = to_tsvector('simple', 'x') where id = $1", id)).SqlState);
        Assert.Equal("AE100", (await RoleSql.RefusedAsync(db.Owner, null, "delete from audit.event_words where id = $1", id)).SqlState);
        Assert.Equal(1, await WordRowsAsync(tenant));
    }

    [Fact]
    public async Task Every_events_partition_has_a_word_partition_with_the_same_bounds()
    {
        const string Tree = """
            select audit.word_partition_name(c.relname) || ' ' || pg_get_expr(c.relpartbound, c.oid) from pg_partition_tree($1::regclass) t
            join pg_class c on c.oid = t.relid where t.level > 0 order by 1
            """;
        var events = await LinesAsync(Tree, "audit.events");
        var words = await LinesAsync(Tree.Replace("audit.word_partition_name(c.relname)", "c.relname::text"), "audit.event_words");

        Assert.True(events.Count > 12, "the store should have its months");
        Assert.Equal(events, words);
    }

    [Fact]
    public async Task The_sealer_creates_the_word_partition_of_an_events_month_made_by_hand()
    {
        var tenant = await db.CreateTenantAsync("words");
        var month = new DateTimeOffset(1979, 7, 1, 0, 0, 0, TimeSpan.Zero); // a month no other test creates (the check below needs it unmirrored)
        await RoleSql.RunAsync(db.Owner, null,
            "create table if not exists audit.events_1979_07 partition of audit.events for values from ('1979-07-01 00:00+00') to ('1979-08-01 00:00+00')");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, tenant, month.AddDays(3), newValues: """{"era":"vintage"}""");
        }
        Assert.Equal(0L, Convert.ToInt64(await RoleSql.RunAsync(db.Owner, null, "select count(*) from pg_class where relname = 'words_1979_07'")));

        var result = await _sealer.SealPendingAsync(tenant);

        Assert.Empty(result.Failures);
        Assert.Equal(1, await RoleSql.CountAsync(db.SuperUser, "select count(*) from audit.words_1979_07 where tenant_id = $1", tenant));
        Assert.Single(await SearchAsync(tenant, "vintage"));
    }

    private async Task<List<string>> LinesAsync(string sql, string arg)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue(arg);
        var lines = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) lines.Add(r.GetString(0));
        return lines;
    }
}
