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

    private async Task<(List<string> Plan, int Rows)> ExplainFirstPageAsync(string tenant, TimelineFilter filter)
    {
        var capture = new TimelineCommandCapture();
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        AuditStoreOptions.Configure(builder, db.ReaderSource);
        builder.AddInterceptors(capture);
        await using var ctx = new AuditDbContext(builder.Options);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, CancellationToken.None);
        var page = await _query.ReadAsync(ctx, tenant, filter, null, 25, CancellationToken.None);
        Assert.NotNull(capture.Text);

        var conn = (NpgsqlConnection)ctx.Database.GetDbConnection();
        await using var explain = new NpgsqlCommand("explain (analyze, costs off, timing off) " + capture.Text, conn,
            (NpgsqlTransaction)tx.GetDbTransaction());
        foreach (var p in capture.Parameters) explain.Parameters.Add(p);
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.Add(r.GetString(0));
        return (plan, page.Rows.Count);
    }

    /// <summary>Keeps the text and parameters of the page's read from audit.events (the first such command).</summary>
    private sealed class TimelineCommandCapture : DbCommandInterceptor
    {
        public string? Text { get; private set; }
        public List<NpgsqlParameter> Parameters { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Text is null && command.CommandText.Contains("FROM audit.events", StringComparison.Ordinal))
            {
                Text = command.CommandText;
                foreach (NpgsqlParameter p in command.Parameters) Parameters.Add(p.Clone());
            }
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
