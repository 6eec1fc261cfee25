using AuditExplorer.Data.Retention;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Retention;

[Collection(StoreCollection.Name)]
public sealed class RetentionTests(PostgresFixture db) : IDisposable
{
    private readonly RetentionTestbed _bed = new(db);

    public void Dispose() => _bed.Dispose();

    private static DateTimeOffset Month(int year, int month) => new(year, month, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Expiry_archives_and_drops_only_the_expired_partition_and_verify_chain_still_passes()
    {
        var month = Month(1991, 1);
        var tenant = await _bed.TenantWithOldMonthAsync(month, periodMonths: 12);
        var keeper = await _bed.TenantWithOldMonthAsync(month, periodMonths: 1200);
        var before = await _bed.EventsAsync(tenant);

        var result = await _bed.RunAsync(tenant);
        var kept = await _bed.RunAsync(keeper);

        var outcome = Assert.Single(result.Partitions);
        Assert.True(outcome.Dropped, outcome.Detail);
        Assert.Equal(RetentionTestbed.PartitionOf(tenant, month), outcome.PartitionName);
        Assert.False(await _bed.PartitionExistsAsync(RetentionTestbed.PartitionOf(tenant, month)));
        // Five events left; the archive's export is itself an access event, of today.
        Assert.Equal(before - 5 + 1, await _bed.EventsAsync(tenant));
        // The month existed before the hundred-year tenant chose its period, so its rows sit in the
        // month's shared partition, which stays while any tenant in it is within its period.
        Assert.Empty(kept.Partitions);
        Assert.True(await _bed.PartitionExistsAsync("events_1991_01_shared"));
        Assert.Equal(8, await _bed.EventsAsync(keeper));

        var location = Assert.Single(outcome.ArchiveLocations);
        var package = _bed.VerifyPackage(location);
        Assert.Equal(Data.Export.PackageVerdict.Trusted, package.Verdict);
        Assert.Equal(5, package.Manifest!.Counts.Events);
        Assert.Equal(1, await _bed.ArchiveRowsAsync(tenant));

        var chain = await _bed.VerifyChainAsync(tenant);
        Assert.True(chain.Intact, string.Join("; ", chain.Findings.Select(f => f.Detail)));
        Assert.Equal(5, chain.ExpiredByPolicy[location]);
    }

    [Fact]
    public async Task Expiry_deletes_the_personal_values_of_the_dropped_events_and_keeps_those_of_the_kept_ones()
    {
        var month = Month(1991, 12);
        var tenant = await db.CreateTenantAsync("ret-pv");
        await _bed.OwnerSettings.SetPeriodAsync(tenant, 12, null, "test: short retention", _bed.Operator);
        await RetentionTestbed.ExecAsync(db.Owner, "insert into audit.personal_data_paths (tenant_id, path, subject_path) values ($1, '$.email', '$.id')", tenant);
        await RetentionTestbed.ExecAsync(db.Owner, "select audit.ensure_partitions($1, $1)", DateOnly.FromDateTime(month.UtcDateTime));
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            for (var i = 0; i < 3; i++)
                await TestEvents.AppendAsync(conn, tenant, month.AddHours(i + 1), entityId: "c-" + i, newValues: $$"""{"id": "cus-{{i}}", "email": "old-{{i}}@example.test"}""");
            await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddMinutes(-1), entityId: "today-1", newValues: """{"id": "cus-0", "email": "new-0@example.test"}""");
        }
        await _bed.SealAndCheckpointAsync(tenant);
        const string Values = "select count(*) from audit.personal_values where tenant_id = $1";
        const string OldValues = "select count(*) from audit.personal_values where tenant_id = $1 and value_text like '%old-%'";
        Assert.Equal(4L, await RetentionTestbed.ScalarAsync<long>(db.SuperUser, Values, tenant));
        Assert.Equal(3L, await RetentionTestbed.ScalarAsync<long>(db.SuperUser, OldValues, tenant));

        var dropped = Assert.Single((await _bed.RunAsync(tenant)).Partitions);

        Assert.True(dropped.Dropped, dropped.Detail);
        Assert.Equal(0L, await RetentionTestbed.ScalarAsync<long>(db.SuperUser, OldValues, tenant));
        Assert.Equal(1L, await RetentionTestbed.ScalarAsync<long>(db.SuperUser, Values, tenant));
        var chain = await _bed.VerifyChainAsync(tenant);
        Assert.True(chain.Intact, string.Join("; ", chain.Findings.Select(f => f.Detail)));
    }

    [Fact]
    public async Task A_deleted_event_is_still_named_deleted_after_retention_expired_others()
    {
        var month = Month(1991, 2);
        var tenant = await _bed.TenantWithOldMonthAsync(month);
        Assert.True(Assert.Single((await _bed.RunAsync(tenant)).Partitions).Dropped);

        // A superuser removes one of today's events: no archive covers it, so it is damage.
        await using (var conn = new NpgsqlConnection(db.SuperUser))
        {
            await conn.OpenAsync();
            await new NpgsqlCommand("set session_replication_role = replica", conn).ExecuteNonQueryAsync();
            await using var delete = new NpgsqlCommand("delete from audit.events where tenant_id = $1 and entity_id = 'today-1'", conn);
            delete.Parameters.AddWithValue(tenant);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        var chain = await _bed.VerifyChainAsync(tenant);
        Assert.Contains(chain.Findings, f => f.Kind == Data.Integrity.DamageKind.EventDeleted);
        Assert.Equal(5, chain.ExpiredByPolicy.Values.Sum());
    }

    [Fact]
    public async Task A_legal_hold_blocks_expiry_until_it_is_released()
    {
        var month = Month(1991, 3);
        var tenant = await _bed.TenantWithOldMonthAsync(month);
        var partition = RetentionTestbed.PartitionOf(tenant, month);
        var hold = await _bed.OwnerSettings.PlaceHoldAsync(tenant,
            new LegalHoldRequest(LegalHoldScope.Record, "Litigation 2026-17: preserve contract c-3") { EntityType = "contract", EntityId = "c-3" },
            _bed.Operator);

        var held = await _bed.RunAsync(tenant);
        Assert.Empty(held.Partitions);
        Assert.True(await _bed.PartitionExistsAsync(partition));
        var overview = await _bed.OwnerSettings.OverviewAsync(tenant);
        Assert.Contains(overview.Partitions, p => p.PartitionName == partition && p.Holds.Contains(hold));
        // The hook decides itself: handed the partition directly, it names the hold.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => RetentionTestbed.ExecAsync(db.Owner,
            "select audit_guard.drop_expired_partition($1::regclass)", "audit." + partition));
        Assert.Equal("AE100", refused.SqlState);
        Assert.Contains("legal hold", refused.MessageText);

        await _bed.OwnerSettings.ReleaseHoldAsync(tenant, hold, "Litigation 2026-17 settled", _bed.Operator);
        var released = await _bed.RunAsync(tenant);

        Assert.True(Assert.Single(released.Partitions).Dropped);
        Assert.False(await _bed.PartitionExistsAsync(partition));
    }

    [Fact]
    public async Task A_hold_on_a_record_outside_the_partition_does_not_block_it()
    {
        var month = Month(1991, 4);
        var tenant = await _bed.TenantWithOldMonthAsync(month);
        await _bed.OwnerSettings.PlaceHoldAsync(tenant,
            new LegalHoldRequest(LegalHoldScope.Record, "Investigation 9: today's contract") { EntityType = "contract", EntityId = "today-1" }, _bed.Operator);

        Assert.True(Assert.Single((await _bed.RunAsync(tenant)).Partitions).Dropped);
    }

    [Fact]
    public async Task A_corrupted_archive_stops_the_drop()
    {
        var month = Month(1991, 5);
        var tenant = await _bed.TenantWithOldMonthAsync(month);
        var partition = RetentionTestbed.PartitionOf(tenant, month);

        var corrupted = await _bed.RunAsync(tenant, new ByteFlippingArchiveStore(_bed.ArchiveFolder));

        var outcome = Assert.Single(corrupted.Partitions);
        Assert.False(outcome.Dropped);
        Assert.Contains("nothing was dropped", outcome.Detail);
        Assert.True(await _bed.PartitionExistsAsync(partition));
        Assert.Equal(0, await _bed.ArchiveRowsAsync(tenant));

        // The same partition with an archive that stays intact goes.
        Assert.True(Assert.Single((await _bed.RunAsync(tenant)).Partitions).Dropped);
    }

    [Fact]
    public async Task An_unwritable_archive_location_is_a_clear_error_and_nothing_is_dropped()
    {
        var month = Month(1991, 6);
        var tenant = await _bed.TenantWithOldMonthAsync(month);
        var file = Path.Combine(_bed.ArchiveFolder, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var result = await _bed.RunAsync(tenant, new FolderArchiveStore(Path.Combine(file, "archives")));

        var outcome = Assert.Single(result.Partitions);
        Assert.False(outcome.Dropped);
        Assert.Contains("is not writable", outcome.Detail);
        Assert.True(await _bed.PartitionExistsAsync(RetentionTestbed.PartitionOf(tenant, month)));
    }

    [Fact]
    public async Task The_hook_refuses_a_partition_without_a_matching_archive()
    {
        var month = Month(1991, 7);
        var tenant = await _bed.TenantWithOldMonthAsync(month);
        var partition = "audit." + RetentionTestbed.PartitionOf(tenant, month);

        var none = await Assert.ThrowsAsync<PostgresException>(() => RetentionTestbed.ExecAsync(db.Owner,
            "select audit_guard.drop_expired_partition($1::regclass)", partition));
        var wrongCount = await Assert.ThrowsAsync<PostgresException>(() => RetentionTestbed.ExecAsync(db.Owner,
            "select audit_guard.drop_expired_partition($1::regclass, $2::jsonb)", partition,
            $$"""[{"tenant_id":"{{tenant}}","location":"/dev/null","sha256":"{{new string('0', 64)}}","event_count":4,"first_seq":2,"last_seq":5,"checkpoint_size":8,"range_from":"1991-07-01T00:00:00Z","range_to":"1991-08-01T00:00:00Z"}]"""));

        Assert.Contains("must archive them first", none.MessageText);
        Assert.Contains("does not match", wrongCount.MessageText);
        Assert.True(await _bed.PartitionExistsAsync(RetentionTestbed.PartitionOf(tenant, month)));
    }

    [Fact]
    public async Task Expiry_drops_the_search_words_with_their_partition_and_refuses_when_they_do_not_match_its_events()
    {
        var month = Month(1991, 9);
        var tenant = await _bed.TenantWithOldMonthAsync(month, periodMonths: 12);
        var other = await _bed.TenantWithOldMonthAsync(Month(1991, 10), periodMonths: 12);
        var words = "words" + RetentionTestbed.PartitionOf(tenant, month)[6..];
        const string OldWords = "select count(*) from audit.event_words where tenant_id = $1 and occurred_at < '1992-01-01'";
        Assert.Equal(5L, await RetentionTestbed.ScalarAsync<long>(db.SuperUser, $"select count(*) from audit.{words}"));
        // A word row the sealer did not write (the owner may insert; no role may delete it again).
        await RetentionTestbed.ExecAsync(db.Owner,
            "insert into audit.event_words (tenant_id, occurred_at, id, words) values ($1, '1991-10-15 12:00+00', gen_random_uuid(), to_tsvector('simple', 'stray'))", other);

        var refused = Assert.Single((await _bed.RunAsync(other)).Partitions);
        var dropped = Assert.Single((await _bed.RunAsync(tenant)).Partitions);

        Assert.False(refused.Dropped);
        Assert.Contains("search words", refused.Detail);
        Assert.True(await _bed.PartitionExistsAsync(RetentionTestbed.PartitionOf(other, Month(1991, 10))));
        Assert.Equal(6L, await RetentionTestbed.ScalarAsync<long>(db.SuperUser, OldWords, other));
        Assert.True(dropped.Dropped, dropped.Detail);
        Assert.False(await _bed.PartitionExistsAsync(words));
        Assert.Equal(0L, await RetentionTestbed.ScalarAsync<long>(db.SuperUser, OldWords, tenant));
        Assert.True(await RetentionTestbed.ScalarAsync<long>(db.SuperUser, "select count(*) from audit.event_words where tenant_id = $1", tenant) >= 2,
            "today's words stay");
    }

    [Fact]
    public async Task A_period_below_the_tenants_minimum_is_refused_and_the_policy_stays()
    {
        var tenant = await db.CreateTenantAsync("ret");
        var settings = _bed.OwnerSettings;

        var refused = await Assert.ThrowsAsync<RetentionRefusedException>(() => settings.SetPeriodAsync(tenant, 6, null, "shorter", _bed.Operator));
        await settings.SetPeriodAsync(tenant, 12, null, "the minimum itself is fine", _bed.Operator);

        Assert.Equal("AE041", refused.SqlState);
        Assert.Contains("shorter than tenant", refused.Message);
        Assert.Contains("minimum of 12 months", refused.Message);
        Assert.Equal(12, (await settings.OverviewAsync(tenant)).Policy.PeriodMonths);
    }

    [Fact]
    public async Task A_hold_without_a_reason_is_refused_and_nothing_is_stored()
    {
        var tenant = await db.CreateTenantAsync("ret");
        var settings = _bed.OwnerSettings;

        var blank = await Assert.ThrowsAsync<RetentionRefusedException>(() =>
            settings.PlaceHoldAsync(tenant, new LegalHoldRequest(LegalHoldScope.Tenant, "  "), _bed.Operator));
        var wrongKey = await Assert.ThrowsAsync<RetentionRefusedException>(() =>
            settings.PlaceHoldAsync(tenant, new LegalHoldRequest(LegalHoldScope.Actor, "Case 5"), _bed.Operator));
        await settings.PlaceHoldAsync(tenant, new LegalHoldRequest(LegalHoldScope.Case, "Subpoena 5") { CaseId = "case-5" }, _bed.Operator);

        Assert.Equal("AE042", blank.SqlState);
        Assert.Contains("needs a reason", blank.Message);
        Assert.Equal("AE042", wrongKey.SqlState);
        Assert.Single((await settings.OverviewAsync(tenant)).Holds);
    }

    [Fact]
    public async Task The_web_apps_role_changes_retention_only_for_a_signed_in_user_of_its_tenant_and_never_the_minimum()
    {
        var tenant = await db.CreateTenantAsync("ret");
        var web = new RetentionSettings(db.ReaderSource);

        await web.SetPeriodAsync(tenant, 120, null, "ten years for contracts", new RetentionActor("usr_dave"));
        var minimum = await Assert.ThrowsAsync<RetentionRefusedException>(() =>
            web.SetPeriodAsync(tenant, 120, 0, "no floor", new RetentionActor("usr_dave")));
        var system = await Assert.ThrowsAsync<RetentionRefusedException>(() =>
            web.PlaceHoldAsync(tenant, new LegalHoldRequest(LegalHoldScope.Tenant, "x"), new RetentionActor("job", "system")));

        Assert.Equal("AE041", minimum.SqlState);
        Assert.Equal("AE009", system.SqlState);
        Assert.Equal(120, (await web.OverviewAsync(tenant)).Policy.PeriodMonths);
    }

    [Fact]
    public async Task Every_retention_change_is_an_access_event_of_the_tenant()
    {
        var tenant = await db.CreateTenantAsync("ret");
        var web = new RetentionSettings(db.ReaderSource);
        var dave = new RetentionActor("usr_dave");

        await web.SetPeriodAsync(tenant, 96, null, "eight years", dave);
        var hold = await web.PlaceHoldAsync(tenant, new LegalHoldRequest(LegalHoldScope.Actor, "HR case 12") { ActorId = "usr_1" }, dave);
        await web.ReleaseHoldAsync(tenant, hold, "HR case 12 closed", dave);
        var twice = await Assert.ThrowsAsync<RetentionRefusedException>(() => web.ReleaseHoldAsync(tenant, hold, "again", dave));

        var actions = await RetentionTestbed.ScalarAsync<string[]>(db.Owner,
            "select array_agg(action order by recorded_at) from audit.events where tenant_id = $1 and change_kind = 'access' and actor_id = 'usr_dave'", tenant);
        Assert.Equal(["audit_log.retention_set", "audit_log.hold_place", "audit_log.hold_release"], actions);
        Assert.Equal("AE043", twice.SqlState);
    }

    [Fact]
    public async Task The_write_contract_refuses_a_time_no_partition_takes_with_AE040()
    {
        var tenant = await db.CreateTenantAsync("ret");
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();

        var ex = await Assert.ThrowsAsync<PostgresException>(() => TestEvents.AppendAsync(conn, tenant, Month(1970, 1)));
        await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddHours(-1));

        Assert.Equal("AE040", ex.SqlState);
        Assert.Contains("outside the months the store keeps", ex.MessageText);
    }
}
