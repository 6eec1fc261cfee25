using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Unit.Timelines;

/// <summary>
/// The SQL a timeline page sends, pinned: tenant and bounds as parameters, the timeline order the indexes serve, a row
/// comparison after the cursor with the plain time bound that lets PostgreSQL skip months, an upper bound that leaves
/// out the empty months made ahead, the actor's name looked up by its subject's key within the same statement, no OFFSET. A change to the query shows here first, where its plan can be checked
/// with EXPLAIN on a large store before the pin moves.
/// </summary>
public sealed class TimelineSqlTests
{
    private static readonly TimelineCursor Cursor =
        new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), Guid.Parse("01900000-0000-7000-8000-000000000001"), PageDirection.Next);

    private static readonly DateTimeOffset NewestPossible = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    private static string Sql(TimelineFilter filter, TimelineCursor? cursor, bool descending = true, TimelineWindow? window = null)
    {
        // No connection is opened: ToQueryString needs only the provider.
        using var source = NpgsqlDataSource.Create("Host=127.0.0.1;Database=none");
        using var db = AuditStoreOptions.CreateContext(source);
        return TimelineQuery.PageQuery(db, "acme", filter, cursor, descending, 51, NewestPossible, window).ToQueryString().ReplaceLineEndings("\n");
    }

    [Fact]
    public void The_first_page_of_a_tenants_timeline_reads_newest_first_up_to_the_newest_possible_time_with_a_limit()
    {
        Assert.Equal("""
            -- @tenantId='acme'
            -- @newestPossible='2026-12-03T00:00:00.0000000+00:00' (DbType = DateTime)
            -- @p='51'
            SELECT e.id, e.occurred_at, e.actor_id, (
                SELECT s.display_name
                FROM audit.subjects AS s
                WHERE s.tenant_id = e.tenant_id AND s.subject_id = e.actor_id AND s.erased_at IS NULL
                LIMIT 1), e.actor_kind, e.action, e.change_kind, e.entity_type, e.entity_id, CASE
                WHEN e.change_kind = 'access' THEN e.context
            END
            FROM audit.events AS e
            WHERE e.tenant_id = @tenantId AND e.change_kind <> 'access' AND e.occurred_at <= @newestPossible
            ORDER BY e.occurred_at DESC, e.id DESC
            LIMIT @p
            """, Sql(new TimelineFilter(), null));
    }

    [Fact]
    public void A_later_page_starts_after_its_cursor_with_a_time_bound_for_partition_pruning()
    {
        Assert.Equal("""
            -- @tenantId='acme'
            -- @newestPossible='2026-12-03T00:00:00.0000000+00:00' (DbType = DateTime)
            -- @t='2026-05-01T12:00:00.0000000+00:00' (DbType = DateTime)
            -- @id='01900000-0000-7000-8000-000000000001'
            -- @p='51'
            SELECT e.id, e.occurred_at, e.actor_id, (
                SELECT s.display_name
                FROM audit.subjects AS s
                WHERE s.tenant_id = e.tenant_id AND s.subject_id = e.actor_id AND s.erased_at IS NULL
                LIMIT 1), e.actor_kind, e.action, e.change_kind, e.entity_type, e.entity_id, CASE
                WHEN e.change_kind = 'access' THEN e.context
            END
            FROM audit.events AS e
            WHERE e.tenant_id = @tenantId AND e.change_kind <> 'access' AND e.occurred_at <= @newestPossible AND e.occurred_at <= @t AND (e.occurred_at, e.id) < (@t, @id)
            ORDER BY e.occurred_at DESC, e.id DESC
            LIMIT @p
            """, Sql(new TimelineFilter(), Cursor));
    }

    [Fact]
    public void A_record_history_page_filters_by_entity_as_parameters()
    {
        Assert.Equal("""
            -- @tenantId='acme'
            -- @filter_EntityType='contract'
            -- @filter_EntityId='42'
            -- @newestPossible='2026-12-03T00:00:00.0000000+00:00' (DbType = DateTime)
            -- @t='2026-05-01T12:00:00.0000000+00:00' (DbType = DateTime)
            -- @id='01900000-0000-7000-8000-000000000001'
            -- @p='51'
            SELECT e.id, e.occurred_at, e.actor_id, (
                SELECT s.display_name
                FROM audit.subjects AS s
                WHERE s.tenant_id = e.tenant_id AND s.subject_id = e.actor_id AND s.erased_at IS NULL
                LIMIT 1), e.actor_kind, e.action, e.change_kind, e.entity_type, e.entity_id, CASE
                WHEN e.change_kind = 'access' THEN e.context
            END
            FROM audit.events AS e
            WHERE e.tenant_id = @tenantId AND e.entity_type = @filter_EntityType AND e.entity_id = @filter_EntityId AND e.change_kind <> 'access' AND e.occurred_at <= @newestPossible AND e.occurred_at <= @t AND (e.occurred_at, e.id) < (@t, @id)
            ORDER BY e.occurred_at DESC, e.id DESC
            LIMIT @p
            """, Sql(new TimelineFilter { EntityType = "contract", EntityId = "42" }, Cursor));
    }

    [Fact]
    public void An_oldest_first_actor_page_walks_forward_from_its_cursor()
    {
        Assert.Equal("""
            -- @tenantId='acme'
            -- @filter_ActorId='usr_1'
            -- @newestPossible='2026-12-03T00:00:00.0000000+00:00' (DbType = DateTime)
            -- @t='2026-05-01T12:00:00.0000000+00:00' (DbType = DateTime)
            -- @id='01900000-0000-7000-8000-000000000001'
            -- @p='51'
            SELECT e.id, e.occurred_at, e.actor_id, (
                SELECT s.display_name
                FROM audit.subjects AS s
                WHERE s.tenant_id = e.tenant_id AND s.subject_id = e.actor_id AND s.erased_at IS NULL
                LIMIT 1), e.actor_kind, e.action, e.change_kind, e.entity_type, e.entity_id, CASE
                WHEN e.change_kind = 'access' THEN e.context
            END
            FROM audit.events AS e
            WHERE e.tenant_id = @tenantId AND e.actor_id = @filter_ActorId AND e.change_kind <> 'access' AND e.occurred_at <= @newestPossible AND e.occurred_at >= @t AND (e.occurred_at, e.id) > (@t, @id)
            ORDER BY e.occurred_at, e.id
            LIMIT @p
            """, Sql(new TimelineFilter { ActorId = "usr_1", OldestFirst = true }, Cursor, descending: false));
    }

    [Fact]
    public void A_first_page_reads_the_newest_month_first_and_the_rest_only_after_it()
    {
        var edge = NewestPossible - TimelineWindow.NearSpan;
        Assert.Equal("""
            -- @tenantId='acme'
            -- @newestPossible='2026-12-03T00:00:00.0000000+00:00' (DbType = DateTime)
            -- @edge='2026-11-02T00:00:00.0000000+00:00' (DbType = DateTime)
            -- @p='51'
            SELECT e.id, e.occurred_at, e.actor_id, (
                SELECT s.display_name
                FROM audit.subjects AS s
                WHERE s.tenant_id = e.tenant_id AND s.subject_id = e.actor_id AND s.erased_at IS NULL
                LIMIT 1), e.actor_kind, e.action, e.change_kind, e.entity_type, e.entity_id, CASE
                WHEN e.change_kind = 'access' THEN e.context
            END
            FROM audit.events AS e
            WHERE e.tenant_id = @tenantId AND e.change_kind <> 'access' AND e.occurred_at <= @newestPossible AND e.occurred_at >= @edge
            ORDER BY e.occurred_at DESC, e.id DESC
            LIMIT @p
            """, Sql(new TimelineFilter(), null, window: new TimelineWindow(edge, Near: true)));
        Assert.Contains("AND e.occurred_at <= @newestPossible AND e.occurred_at < @edge\n",
            Sql(new TimelineFilter(), null, window: new TimelineWindow(edge, Near: false)), StringComparison.Ordinal);
        Assert.Contains("AND e.occurred_at <= @edge AND e.occurred_at >= @t AND (e.occurred_at, e.id) > (@t, @id)\n",
            Sql(new TimelineFilter(), Cursor, descending: false, window: new TimelineWindow(Cursor.OccurredAt + TimelineWindow.NearSpan, Near: true)), StringComparison.Ordinal);
        Assert.Contains("AND e.occurred_at > @edge AND e.occurred_at >= @t AND (e.occurred_at, e.id) > (@t, @id)\n",
            Sql(new TimelineFilter(), Cursor, descending: false, window: new TimelineWindow(Cursor.OccurredAt + TimelineWindow.NearSpan, Near: false)), StringComparison.Ordinal);
    }
}
