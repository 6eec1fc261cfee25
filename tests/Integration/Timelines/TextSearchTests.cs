using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Tests.Integration.Store;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Timelines;

[Collection(StoreCollection.Name)]
public sealed class TextSearchTests(PostgresFixture db)
{
    private readonly TimelineQuery _query = new(new CursorCodec(RandomNumberGenerator.GetBytes(32)));

    // Words are found once their events are sealed (WordSearchSealingTests), so every search seals first.
    private async Task<List<Guid>> SearchAsync(string tenant, string text)
    {
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, CancellationToken.None);
        var page = await _query.ReadAsync(ctx, tenant, new TimelineFilter { Text = text }, null, 200, CancellationToken.None);
        return page.Rows.Select(r => r.Id).ToList();
    }

    [Fact]
    public async Task Finds_words_inside_old_and_new_values_and_nothing_else()
    {
        var tenant = await db.CreateTenantAsync("search");
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var inNew = await TestEvents.AppendAsync(conn, tenant, at, newValues: """{"customer":{"email":"dana@example.com"},"status":"draft"}""");
        var inOld = await TestEvents.AppendAsync(conn, tenant, at.AddSeconds(1), oldValues: """{"contacts":["dana@example.com"]}""", newValues: """{"contacts":[]}""");
        await TestEvents.AppendAsync(conn, tenant, at.AddSeconds(2), newValues: """{"customer":{"email":"eve@example.com"},"status":"published"}""");

        Assert.Equal([inOld, inNew], await SearchAsync(tenant, "dana@example.com"));
        Assert.Single(await SearchAsync(tenant, "published"));
        Assert.Empty(await SearchAsync(tenant, "nobody@example.com"));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(50, false)]
    public async Task Words_and_personal_values_are_found_in_every_month_page_after_page(int pageSize, bool oldestFirst)
    {
        // Matches a whole near span apart, so pages meet at the edge where a read's candidate bounds end.
        var tenant = await db.CreateTenantAsync("search-months");
        await RoleSql.RunAsync(db.Owner, null,
            "insert into audit.personal_data_paths (tenant_id, path, subject_path) values ($1, '$.customer.email', '$.customer.id')", tenant);
        var newest = DateTimeOffset.UtcNow.AddHours(-1);
        var words = new List<(DateTimeOffset At, Guid Id)>();
        var values = new List<(DateTimeOffset At, Guid Id)>();
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            for (var k = 0; k < 8; k++)
            {
                var at = newest - k * TimelineWindow.NearSpan;
                words.Add((at, await TestEvents.AppendAsync(conn, tenant, at, newValues: """{"status":"renewed"}""")));
                values.Add((at.AddSeconds(-1), await TestEvents.AppendAsync(conn, tenant, at.AddSeconds(-1),
                    newValues: """{"customer":{"id":"c-1","email":"kim@example.com"}}""")));
                await TestEvents.AppendAsync(conn, tenant, at.AddSeconds(-2), newValues: """{"status":"draft"}""");
            }
        }
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);

        foreach (var (text, expected) in new[] { ("renewed", words), ("kim@example.com", values) })
        {
            var order = oldestFirst ? expected.OrderBy(e => e.At) : expected.OrderByDescending(e => e.At);
            var found = new List<Guid>();
            string? cursor = null;
            do
            {
                await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
                await using var tx = await TenantScope.BeginAsync(ctx, tenant, CancellationToken.None);
                var page = await _query.ReadAsync(ctx, tenant, new TimelineFilter { Text = text, OldestFirst = oldestFirst }, cursor, pageSize, CancellationToken.None);
                found.AddRange(page.Rows.Select(r => r.Id));
                cursor = page.NextCursor;
            } while (cursor is not null);
            Assert.Equal(order.Select(e => e.Id), found);
        }
    }

    [Fact]
    public async Task Does_not_match_other_tenants_events()
    {
        var mine = await db.CreateTenantAsync("mine");
        var theirs = await db.CreateTenantAsync("theirs");
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await TestEvents.AppendAsync(conn, theirs, DateTimeOffset.UtcNow.AddMinutes(-1), newValues: """{"secret":"zebra-42"}""");
        Assert.Empty(await SearchAsync(mine, "zebra-42"));
        Assert.Single(await SearchAsync(theirs, "zebra-42"));
    }

    [Fact]
    public async Task Search_text_with_sql_or_query_syntax_is_just_text()
    {
        var tenant = await db.CreateTenantAsync("syntax");
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddMinutes(-1), newValues: """{"note":"hello world"}""");
        Assert.Empty(await SearchAsync(tenant, "'; drop table audit.events; --"));
        Assert.Empty(await SearchAsync(tenant, "hello & !world | (x"));
        Assert.Single(await SearchAsync(tenant, "hello"));
    }

    [Fact]
    public async Task Word_search_can_use_its_index_under_row_level_security()
    {
        var tenant = await db.CreateTenantAsync("plan");
        // A month no other test writes to (1976-05): the planner's choice then depends on this test's rows only.
        // In a month many tenants share, a tenant of few rows can make the primary key's tenant prefix look
        // cheaper than the word index, and the plan below would prove nothing either way.
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await new NpgsqlCommand("select audit.ensure_partitions('1976-05-01', '1976-05-01')", owner).ExecuteNonQueryAsync();
            await using var fill = new NpgsqlCommand("""
                select count(audit.append_event($1, 'u1', 'user', 'note.update', 'update', 'note', g::text, null,
                       jsonb_build_object('text', 'word' || g), '{}'::jsonb, timestamptz '1976-05-01 00:00+00' + make_interval(mins => g)))
                from generate_series(1, 1000) g;
                """, owner);
            fill.Parameters.AddWithValue(tenant);
            await fill.ExecuteScalarAsync();
            await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
            await new NpgsqlCommand("analyze audit.event_words", owner).ExecuteNonQueryAsync();
        }
        await using var conn = new NpgsqlConnection(db.Reader);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Forbid the other access paths so the plan shows whether the GIN index may take the word condition.
        await using (var setup = new NpgsqlCommand("select set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true), set_config('app.tenant_id', $1, true)", conn, tx))
        {
            setup.Parameters.AddWithValue(tenant);
            await setup.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand(
            """
            explain select id from audit.event_words
            where words @@ plainto_tsquery('simple', 'word7') and tenant_id = $1
              and occurred_at >= '1976-05-01 00:00+00' and occurred_at < '1976-06-01 00:00+00'
            """, conn, tx);
        explain.Parameters.AddWithValue(tenant);
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.Add(r.GetString(0));
        Assert.Contains(plan, line => line.Contains("Index Cond") && line.Contains("words @@"));
    }
}
