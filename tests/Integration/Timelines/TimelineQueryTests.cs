using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Erasure;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Timelines;

[Collection(StoreCollection.Name)]
public sealed class TimelineQueryTests(PostgresFixture db)
{
    private readonly TimelineQuery _query = new(new CursorCodec(RandomNumberGenerator.GetBytes(32)));
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>137 events: records 1..5, actors u1..u3, kinds cycling, and many identical timestamps.</summary>
    private async Task<(string Tenant, List<(Guid Id, DateTimeOffset At, string Type, string EntityId, string Actor, string Action, string Kind)> Events)> SeedAsync()
    {
        var tenant = await db.CreateTenantAsync("tl");
        var other = await db.CreateTenantAsync("other");
        var events = new List<(Guid, DateTimeOffset, string, string, string, string, string)>();
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        string[] kinds = ["create", "update", "update", "delete", "access"];
        for (var i = 0; i < 137; i++)
        {
            // Every third event shares the previous one's timestamp: ties must neither drop nor repeat rows.
            var at = Start.AddSeconds(i - i / 3);
            var (type, id, actor, kind) = (i % 2 == 0 ? "contract" : "page", (i % 5 + 1).ToString(), "u" + (i % 3 + 1), kinds[i % kinds.Length]);
            var action = $"{type}.{(kind == "access" ? "view" : kind)}";
            var guid = await TestEvents.AppendAsync(conn, tenant, at, type, id, actor, action, kind,
                newValues: $$"""{"status":"{{(i % 4 == 0 ? "published" : "draft")}}","n":{{i}}}""");
            events.Add((guid, at, type, id, actor, action, kind));
            if (i % 10 == 0) await TestEvents.AppendAsync(conn, other, at, type, id, actor, action, kind);
        }
        return (tenant, events);
    }

    private async Task<List<TimelineRow>> ReadAllAsync(string tenant, TimelineFilter filter, int pageSize)
    {
        var all = new List<TimelineRow>();
        string? cursor = null;
        do
        {
            var page = await ReadPageAsync(tenant, filter, cursor, pageSize);
            Assert.True(page.Rows.Count <= pageSize);
            all.AddRange(page.Rows);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }

    private async Task<TimelinePage> ReadPageAsync(string tenant, TimelineFilter filter, string? cursor, int pageSize)
    {
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, CancellationToken.None);
        return await _query.ReadAsync(ctx, tenant, filter, cursor, pageSize, CancellationToken.None);
    }

    [Fact]
    public async Task Keyset_pages_are_disjoint_ordered_and_complete_across_a_whole_tenant()
    {
        var (tenant, events) = await SeedAsync();
        var filter = new TimelineFilter { IncludeAccessEvents = true };
        var rows = await ReadAllAsync(tenant, filter, 25);

        var expected = events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id.ToString()).Select(e => e.Id).ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.ToHashSet(), rows.Select(r => r.Id).ToHashSet());
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        for (var i = 1; i < rows.Count; i++) Assert.True(rows[i - 1].OccurredAt >= rows[i].OccurredAt);
    }

    [Fact]
    public async Task Oldest_first_reads_the_same_events_in_reverse()
    {
        var (tenant, _) = await SeedAsync();
        var newest = await ReadAllAsync(tenant, new TimelineFilter { IncludeAccessEvents = true }, 30);
        var oldest = await ReadAllAsync(tenant, new TimelineFilter { IncludeAccessEvents = true, OldestFirst = true }, 30);
        Assert.Equal(newest.Select(r => r.Id).Reverse(), oldest.Select(r => r.Id));
    }

    [Fact]
    public async Task Paging_forward_then_back_returns_the_same_pages()
    {
        var (tenant, _) = await SeedAsync();
        var filter = new TimelineFilter();
        var forward = new List<TimelinePage> { await ReadPageAsync(tenant, filter, null, 20) };
        while (forward[^1].NextCursor is { } next) forward.Add(await ReadPageAsync(tenant, filter, next, 20));
        Assert.True(forward.Count >= 4);
        Assert.Null(forward[0].PreviousCursor);

        for (var i = forward.Count - 1; i > 0; i--)
        {
            var back = await ReadPageAsync(tenant, filter, forward[i].PreviousCursor, 20);
            Assert.Equal(forward[i - 1].Rows.Select(r => r.Id), back.Rows.Select(r => r.Id));
        }
        var backToFirst = await ReadPageAsync(tenant, filter, forward[1].PreviousCursor, 20);
        Assert.Null(backToFirst.PreviousCursor);
    }

    /// <summary>
    /// Events months apart, each a whole near span (31 days) before the next newer one, so a page that starts at an
    /// event finds the next one exactly on the edge between its near and far reads; a few more within the newest month
    /// and two sharing a time, so pages also end inside a read.
    /// </summary>
    private async Task<(string Tenant, List<Guid> NewestFirst)> SeedMonthsApartAsync()
    {
        var tenant = await db.CreateTenantAsync("tl-months");
        var newest = DateTimeOffset.UtcNow.AddHours(-1);
        var times = Enumerable.Range(0, 12).Select(k => newest - k * TimelineWindow.NearSpan)
            .Concat([newest.AddDays(-2), newest.AddDays(-5), newest - 3 * TimelineWindow.NearSpan, newest.AddDays(-400)]).ToList();
        var events = new List<(DateTimeOffset At, Guid Id)>();
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        foreach (var at in times) events.Add((at, await TestEvents.AppendAsync(conn, tenant, at)));
        return (tenant, events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id.ToString()).Select(e => e.Id).ToList());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(50)]
    public async Task Pages_that_reach_past_the_newest_month_neither_drop_nor_repeat_events(int pageSize)
    {
        var (tenant, newestFirst) = await SeedMonthsApartAsync();

        var rows = await ReadAllAsync(tenant, new TimelineFilter(), pageSize);
        Assert.Equal(newestFirst, rows.Select(r => r.Id));
        var oldest = await ReadAllAsync(tenant, new TimelineFilter { OldestFirst = true }, pageSize);
        Assert.Equal(Enumerable.Reverse(newestFirst), oldest.Select(r => r.Id));

        // Back from the last page to the first over the same edges.
        var forward = new List<TimelinePage> { await ReadPageAsync(tenant, new TimelineFilter(), null, pageSize) };
        while (forward[^1].NextCursor is { } next) forward.Add(await ReadPageAsync(tenant, new TimelineFilter(), next, pageSize));
        for (var i = forward.Count - 1; i > 0; i--)
        {
            var back = await ReadPageAsync(tenant, new TimelineFilter(), forward[i].PreviousCursor, pageSize);
            Assert.Equal(forward[i - 1].Rows.Select(r => r.Id), back.Rows.Select(r => r.Id));
        }
    }

    public static TheoryData<string, TimelineFilter> Filters() => new()
    {
        { "record", new TimelineFilter { EntityType = "contract", EntityId = "3" } },
        { "actor", new TimelineFilter { ActorId = "u2" } },
        { "range", new TimelineFilter { From = Start.AddSeconds(20), To = Start.AddSeconds(60) } },
        { "action", new TimelineFilter { Action = "page.update" } },
        { "kind", new TimelineFilter { ChangeKind = "delete" } },
        { "type", new TimelineFilter { EntityType = "page" } },
        { "combined", new TimelineFilter { ActorId = "u1", ChangeKind = "update", From = Start.AddSeconds(10) } },
        { "record-oldest", new TimelineFilter { EntityType = "page", EntityId = "2", OldestFirst = true } },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_timeline_and_filter_returns_exactly_the_matching_events(string name, TimelineFilter filter)
    {
        var (tenant, events) = await SeedAsync();
        var expected = events.Where(e =>
                (filter.EntityType is null || e.Type == filter.EntityType) &&
                (filter.EntityId is null || e.EntityId == filter.EntityId) &&
                (filter.ActorId is null || e.Actor == filter.ActorId) &&
                (filter.Action is null || e.Action == filter.Action) &&
                (filter.ChangeKind is null ? e.Kind != "access" : e.Kind == filter.ChangeKind) &&
                (filter.From is null || e.At >= filter.From) &&
                (filter.To is null || e.At < filter.To))
            .Select(e => e.Id).ToHashSet();
        var rows = await ReadAllAsync(tenant, filter, 7);
        Assert.True(expected.Count > 0, name + " selects something");
        Assert.Equal(expected, rows.Select(r => r.Id).ToHashSet());
        Assert.Equal(expected.Count, rows.Count);
    }

    [Fact]
    public async Task Edited_cursor_is_rejected()
    {
        var (tenant, _) = await SeedAsync();
        var page = await ReadPageAsync(tenant, new TimelineFilter(), null, 10);
        var token = page.NextCursor!;
        var edited = (token[5] == 'A' ? "B" : "A") is var c ? token[..5] + c + token[6..] : token;
        await Assert.ThrowsAsync<InvalidCursorException>(() => ReadPageAsync(tenant, new TimelineFilter(), edited, 10));
        await Assert.ThrowsAsync<InvalidCursorException>(() => ReadPageAsync(tenant, new TimelineFilter(), "not-a-cursor!!", 10));
    }

    [Fact]
    public async Task Cursor_from_another_tenant_or_filter_is_rejected()
    {
        var (tenant, _) = await SeedAsync();
        var other = await db.CreateTenantAsync("x");
        var page = await ReadPageAsync(tenant, new TimelineFilter(), null, 10);
        await Assert.ThrowsAsync<InvalidCursorException>(() => ReadPageAsync(other, new TimelineFilter(), page.NextCursor, 10));
        await Assert.ThrowsAsync<InvalidCursorException>(() => ReadPageAsync(tenant, new TimelineFilter { ActorId = "u1" }, page.NextCursor, 10));
    }

    [Fact]
    public async Task A_page_names_each_actor_of_its_own_tenant_and_never_an_erased_one()
    {
        var (tenant, _) = await SeedAsync();
        var other = await db.CreateTenantAsync("names");
        await using (var conn = new NpgsqlConnection(db.Owner))
        {
            await conn.OpenAsync();
            foreach (var (t, subject, name) in new[] { (tenant, "u1", "Una One"), (tenant, "u2", "Udo Two"), (other, "u3", "Other Tenant's Three") })
            {
                await using var cmd = new NpgsqlCommand("select audit.upsert_subject($1, $2, $3, null)", conn);
                cmd.Parameters.AddWithValue(t);
                cmd.Parameters.AddWithValue(subject);
                cmd.Parameters.AddWithValue(name);
                await cmd.ExecuteNonQueryAsync();
            }
        }
        string? NameOf(IEnumerable<TimelineRow> rows, string actor) => rows.First(r => r.ActorId == actor).ActorName;

        var before = await ReadAllAsync(tenant, new TimelineFilter(), 20);
        Assert.Equal("Una One", NameOf(before, "u1"));
        Assert.Equal("Udo Two", NameOf(before, "u2"));
        Assert.Null(NameOf(before, "u3")); // u3 has a name only in another tenant

        await SubjectEraser.EraseAsync(db.ReaderSource, new SubjectErasure(tenant, "u2", "usr_alice", "user", "GDPR request #7"), default);
        var after = await ReadAllAsync(tenant, new TimelineFilter(), 20);
        Assert.Equal("Una One", NameOf(after, "u1"));
        Assert.All(after.Where(r => r.ActorId == "u2"), r => Assert.Null(r.ActorName));
    }
}
