using System.Data.Common;
using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Timelines;

/// <summary>
/// Pins the plan of the SQL the timeline really sends (captured from EF, run again under EXPLAIN ANALYZE as the
/// reader in the tenant's scope): a newest-first page walks the primary key backward month by month and never
/// enters the months it does not need. 035 dropped a descending copy of the primary key on this promise.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class TimelinePlanTests(PostgresFixture db)
{
    private readonly TimelineQuery _query = new(new CursorCodec(RandomNumberGenerator.GetBytes(32)));

    [Fact]
    public async Task Newest_first_page_walks_the_primary_key_backward_and_never_enters_older_months()
    {
        var tenant = await db.CreateTenantAsync("plan-time");
        // Months no other test writes to, so the planner's statistics and the partitions are this test's own.
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await new NpgsqlCommand("select audit.ensure_partitions('1975-02-01', '1975-04-01')", owner).ExecuteNonQueryAsync();
            await using var fill = new NpgsqlCommand("""
                select count(audit.append_event($1, 'u1', 'user', 'note.update', 'update', 'note', g::text, null,
                       '{"n": 1}'::jsonb, '{}'::jsonb, timestamptz '1975-02-01 00:00+00' + make_interval(days => g % 3 * 31, mins => g)))
                from generate_series(1, 300) g
                """, owner);
            fill.Parameters.AddWithValue(tenant);
            await fill.ExecuteScalarAsync();
        }

        var (plan, rows) = await ExplainFirstPageAsync(tenant, new TimelineFilter());
        Assert.Equal(25, rows);
        var joined = string.Join('\n', plan);
        Assert.DoesNotContain("Sort", joined, StringComparison.Ordinal);
        Assert.Contains(plan, l => l.Contains("Scan Backward using events_1975_04", StringComparison.Ordinal) && !l.Contains("never executed", StringComparison.Ordinal));
        Assert.Contains(plan, l => l.Contains("events_1975_02", StringComparison.Ordinal) && l.Contains("never executed", StringComparison.Ordinal));

        // The contrast: oldest first walks forward and starts in the oldest month, so the newest is never entered.
        var (forward, _) = await ExplainFirstPageAsync(tenant, new TimelineFilter { OldestFirst = true });
        Assert.Contains(forward, l => l.Contains("Scan using events_1975_02", StringComparison.Ordinal) && !l.Contains("never executed", StringComparison.Ordinal));
        Assert.Contains(forward, l => l.Contains("events_1975_04", StringComparison.Ordinal) && l.Contains("never executed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_plans_none_of_the_empty_months_made_ahead_yet_shows_an_event_written_minutes_ahead()
    {
        var tenant = await db.CreateTenantAsync("plan-ahead");
        var ahead = DateTimeOffset.UtcNow.AddMinutes(4); // the write contract allows up to 5 minutes ahead (AE007)
        Guid id;
        await using (var writer = new NpgsqlConnection(db.Writer))
        {
            await writer.OpenAsync();
            id = await TestEvents.AppendAsync(writer, tenant, ahead);
        }
        var farMonth = "events_" + DateTimeOffset.UtcNow.AddMonths(6).ToString("yyyy_MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1L, await Integrity.ChainTestbed.ScalarAsync<long>(db.Owner,
            "select count(*) from pg_class where relname = $1 and relnamespace = 'audit'::regnamespace", farMonth)); // made ahead

        var (plan, rows) = await ExplainFirstPageAsync(tenant, new TimelineFilter());

        Assert.Equal(1, rows);
        Assert.DoesNotContain(plan, l => l.Contains(farMonth, StringComparison.Ordinal));
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, CancellationToken.None);
        var page = await _query.ReadAsync(ctx, tenant, new TimelineFilter(), null, 25, CancellationToken.None);
        Assert.Equal([id], page.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task A_first_page_the_newest_month_fills_plans_no_older_month()
    {
        var tenant = await db.CreateTenantAsync("plan-near");
        await using (var writer = new NpgsqlConnection(db.Writer))
        {
            await writer.OpenAsync();
            for (var i = 0; i < 30; i++) await TestEvents.AppendAsync(writer, tenant, DateTimeOffset.UtcNow.AddMinutes(-i));
        }
        // A month the store keeps (partitions reach back before the window) and the near read does not need.
        var older = "events_" + DateTimeOffset.UtcNow.AddMonths(-3).ToString("yyyy_MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1L, await Integrity.ChainTestbed.ScalarAsync<long>(db.Owner,
            "select count(*) from pg_class where relname = $1 and relnamespace = 'audit'::regnamespace", older));

        var (plans, rows) = await ExplainFirstPageReadsAsync(tenant, new TimelineFilter());

        Assert.Equal(25, rows);
        var near = Assert.Single(plans); // the near month filled the page: no second read
        Assert.DoesNotContain(near, l => l.Contains(older, StringComparison.Ordinal)); // pruned while planning, not only skipped
        Assert.True(near.Count(l => l.Contains("Scan Backward using events_", StringComparison.Ordinal)) <= 3, string.Join('\n', near));
    }

    [Fact]
    public async Task A_first_page_never_visits_the_access_events_it_leaves_out()
    {
        // Officers who read more than the tenant changes: the newest 2,000 events are access events.
        var tenant = await db.CreateTenantAsync("plan-views");
        await Integrity.ChainTestbed.ScalarAsync<long>(db.Owner, """
            select count(audit.append_event($1, 'u1', 'user', case when g <= 30 then 'note.update' else 'note.view' end,
                   case when g <= 30 then 'update' else 'access' end, 'note', (g % 7)::text, null, '{"n": 1}'::jsonb,
                   '{}'::jsonb, now() - interval '1 hour' + make_interval(secs => g)))
            from generate_series(1, 2030) g
            """, tenant);

        var (plans, rows) = await ExplainFirstPageReadsAsync(tenant, new TimelineFilter());

        Assert.Equal(25, rows);
        var near = Assert.Single(plans);
        var joined = string.Join('\n', near);
        Assert.Contains("_tenant_id_occurred_at_id_idx", joined, StringComparison.Ordinal); // events_changes_ix, 039
        Assert.DoesNotContain("Rows Removed by Filter", joined, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", joined, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_search_page_looks_up_only_the_events_it_shows()
    {
        // 2,000 recent changes, every fifth one "published": the matches are spread among events that are not.
        var tenant = await db.CreateTenantAsync("plan-words");
        await Integrity.ChainTestbed.ScalarAsync<long>(db.Owner, """
            select count(audit.append_event($1, 'u1', 'user', 'note.update', 'update', 'note', g::text, null,
                   jsonb_build_object('status', case when g % 5 = 0 then 'published' else 'draft' end), '{}'::jsonb,
                   now() - interval '3 hours' + make_interval(secs => g)))
            from generate_series(1, 2000) g
            """, tenant);
        await new AuditExplorer.Data.Integrity.EventSealer(db.SealerSource).SealPendingAsync(tenant);

        foreach (var oldestFirst in new[] { false, true })
        {
            var (plans, rows) = await ExplainFirstPageReadsAsync(tenant, new TimelineFilter { Text = "published", OldestFirst = oldestFirst });

            Assert.Equal(25, rows);
            var plan = string.Join('\n', plans[0]);
            // Every event row the read fetched, over all its scans of audit.events: the page and the one that shows a next page.
            var fetched = System.Text.RegularExpressions.Regex.Matches(plan, @"Scan[^\n]* on events_\S+ [^\n]*\(actual rows=(\d+) loops=(\d+)\)")
                .Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(fetched is > 0 and <= 26, $"fetched {fetched} events for a page of 25:\n{plan}");
        }
    }

    /// <summary>The plan of the last read from audit.events a first page sent (the far read when the near month did not fill it).</summary>
    private async Task<(List<string> Plan, int Rows)> ExplainFirstPageAsync(string tenant, TimelineFilter filter)
    {
        var (plans, rows) = await ExplainFirstPageReadsAsync(tenant, filter);
        return (plans[^1], rows);
    }

    /// <summary>A first page of 25, then each of its reads from audit.events again under EXPLAIN ANALYZE, in order.</summary>
    private async Task<(List<List<string>> Plans, int Rows)> ExplainFirstPageReadsAsync(string tenant, TimelineFilter filter)
    {
        var capture = new TimelineCommandCapture();
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        AuditStoreOptions.Configure(builder, db.ReaderSource);
        builder.AddInterceptors(capture);
        await using var ctx = new AuditDbContext(builder.Options);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, CancellationToken.None);
        var page = await _query.ReadAsync(ctx, tenant, filter, null, 25, CancellationToken.None);
        Assert.NotEmpty(capture.Reads);

        var conn = (NpgsqlConnection)ctx.Database.GetDbConnection();
        var plans = new List<List<string>>();
        foreach (var (text, parameters) in capture.Reads)
        {
            await using var explain = new NpgsqlCommand("explain (analyze, costs off, timing off) " + text, conn,
                (NpgsqlTransaction)tx.GetDbTransaction());
            foreach (var p in parameters) explain.Parameters.Add(p);
            var plan = new List<string>();
            await using (var r = await explain.ExecuteReaderAsync())
                while (await r.ReadAsync()) plan.Add(r.GetString(0));
            plans.Add(plan);
        }
        return (plans, page.Rows.Count);
    }

    /// <summary>Keeps the text and parameters of each read the page sends to audit.events.</summary>
    private sealed class TimelineCommandCapture : DbCommandInterceptor
    {
        public List<(string Text, List<NpgsqlParameter> Parameters)> Reads { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("audit.events", StringComparison.OrdinalIgnoreCase))
                Reads.Add((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
