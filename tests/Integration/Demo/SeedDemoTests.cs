using AuditExplorer.Data.Demo;

namespace AuditExplorer.Tests.Integration.Demo;

[Collection(StoreCollection.Name)]
public sealed class SeedDemoTests(PostgresFixture db)
{
    private static readonly DateTime Until = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DemoSeedOptions Small = new() { Tenants = 3, Events = 2_000, Seed = 7, Until = Until, BatchSize = 700 };

    [Fact]
    public async Task Seeding_loads_the_named_tenants_their_actors_and_exactly_the_requested_events()
    {
        await using var store = await ScratchAuditStore.CreateAsync(db);
        var progress = new List<DemoSeedProgress>();

        var result = await DemoSeeder.SeedAsync(store.Owner, Small, progress.Add, CancellationToken.None);

        Assert.False(result.Skipped);
        Assert.Equal(3, result.TenantsCreated);
        Assert.Equal(2_000, result.EventsWritten);
        Assert.Equal(2_000, await store.CountAsync("select count(*) from audit.events"));
        Assert.Equal("acme,globex,initech", await store.TextAsync("select string_agg(tenant_id, ',' order by tenant_id) from audit.tenants"));
        Assert.Equal("{$.customer.email,$.email,$.phone}", await store.TextAsync("select personal_paths::text from audit.tenants where tenant_id = 'acme'"));
        Assert.Equal(3, await store.CountAsync("select count(distinct tenant_id) from audit.events"));
        Assert.Equal(0, await store.CountAsync(
            "select count(*) from audit.events e where not exists (select 1 from audit.subjects s where s.tenant_id = e.tenant_id and s.subject_id = e.actor_id)"));
        Assert.Equal(2_000, progress[^1].Written);
    }

    [Fact]
    public async Task Every_seeded_event_is_queued_for_sealing()
    {
        await using var store = await ScratchAuditStore.CreateAsync(db);
        await DemoSeeder.SeedAsync(store.Owner, Small, null, CancellationToken.None);

        Assert.Equal(2_000, await store.CountAsync("select count(*) from audit.seal_queue"));
        Assert.Equal(0, await store.CountAsync(
            "select count(*) from audit.events e where not exists (select 1 from audit.seal_queue q where q.tenant_id = e.tenant_id and q.event_id = e.id and q.occurred_at = e.occurred_at)"));
    }

    [Fact]
    public async Task Seeding_with_if_empty_adds_nothing_to_a_store_that_has_events()
    {
        await using var store = await ScratchAuditStore.CreateAsync(db);
        await DemoSeeder.SeedAsync(store.Owner, Small, null, CancellationToken.None);

        var again = await DemoSeeder.SeedAsync(store.Owner, Small with { IfEmpty = true, Tenants = 6 }, null, CancellationToken.None);

        Assert.True(again.Skipped);
        Assert.Equal(2_000, await store.CountAsync("select count(*) from audit.events"));
        Assert.Equal(3, await store.CountAsync("select count(*) from audit.tenants"));
    }

    [Fact]
    public async Task Seeding_again_without_if_empty_appends_history_and_new_tenants()
    {
        await using var store = await ScratchAuditStore.CreateAsync(db);
        await DemoSeeder.SeedAsync(store.Owner, Small, null, CancellationToken.None);

        var again = await DemoSeeder.SeedAsync(store.Owner, Small with { Tenants = 4, Events = 1_000 }, null, CancellationToken.None);

        Assert.Equal(1, again.TenantsCreated);
        Assert.Equal(3_000, await store.CountAsync("select count(*) from audit.events"));
        Assert.Equal(3_000, await store.CountAsync("select count(*) from audit.seal_queue"));
        Assert.True(await store.CountAsync("select count(*) from audit.events where tenant_id = 'tenant-004'") > 0);
        // A later run continues with new entities rather than re-creating the first run's ones.
        Assert.Equal(0, await store.CountAsync(
            "select count(*) from (select tenant_id, entity_type, entity_id from audit.events where change_kind = 'create' and entity_type <> 'permission' group by 1, 2, 3 having count(*) > 1) d"));
    }

    [Fact]
    public async Task Same_seed_gives_the_same_history_in_another_database()
    {
        await using var first = await ScratchAuditStore.CreateAsync(db);
        await using var second = await ScratchAuditStore.CreateAsync(db);
        await DemoSeeder.SeedAsync(first.Owner, Small, null, CancellationToken.None);
        await DemoSeeder.SeedAsync(second.Owner, Small with { BatchSize = 100_000 }, null, CancellationToken.None);

        const string fingerprint = """
            select md5(string_agg(concat_ws('|', tenant_id, occurred_at, id, actor_id, action, entity_id, old_values, new_values, context), ',' order by tenant_id, occurred_at, id))
            from audit.events
            """;
        Assert.Equal(await first.TextAsync(fingerprint), await second.TextAsync(fingerprint));
    }
}
