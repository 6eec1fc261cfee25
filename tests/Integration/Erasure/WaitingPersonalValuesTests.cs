using System.Text.Json;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Erasure;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Tests.Integration.Integrity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Erasure;

/// <summary>
/// An event's personal values wait in its seal-queue row until the sealer moves them into audit.personal_values
/// (037_personal_values_wait_in_the_seal_queue.sql): officers see them, erasure removes them and the chain keeps
/// verifying either way.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class WaitingPersonalValuesTests(PostgresFixture db)
{
    private readonly string AnnEmail = $"ann.{Guid.NewGuid():N}@example.com";
    private readonly string AnnName = $"Ann Waiting {Guid.NewGuid():N}";
    private readonly string BobEmail = $"bob.{Guid.NewGuid():N}@example.com";
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly ChainTestbed _bed = new(db);

    private async Task<string> PersonalTenantAsync()
    {
        var tenant = await db.CreateTenantAsync("pw");
        await ChainTestbed.ScalarAsync<int>(db.Owner, """
            with added as (insert into audit.personal_data_paths (tenant_id, path, subject_path)
                           values ($1, '$.customer.email', '$.customer.id'), ($1, '$.customer.name', '$.customer.id') returning 1)
            select count(*)::int from added
            """, tenant);
        return tenant;
    }

    private static string Customer(string id, string email, string name) =>
        JsonSerializer.Serialize(new { customer = new { id, email, name } });

    private async Task<Guid> AppendAsync(string tenant, string? oldValues, string newValues)
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        return await TestEvents.AppendAsync(conn, tenant, T0, entityType: "order", entityId: "o-1", action: "order.update",
            oldValues: oldValues, newValues: newValues);
    }

    private Task<long> CountAsync(string sql, params object[] args) => ChainTestbed.ScalarAsync<long>(db.SuperUser, sql, args);

    private async Task<EventForViewer> OfficerSeesAsync(string tenant, Guid id)
    {
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, default);
        var detail = (await EventDetailQuery.ReadAsync(ctx, tenant, id, default))!;
        return ViewerPrivacy.For("usr_alice", ["compliance_officer"], []).Show(detail);
    }

    private async Task<List<Guid>> SearchAsync(string tenant, string text)
    {
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, default);
        return await TimelineSource.Filtered(ctx, tenant, new TimelineFilter { Text = text }).Select(e => e.Id).ToListAsync();
    }

    private static string Shown(EventForViewer shown) =>
        string.Join("\n", shown.Changes!.Text.SideBySide.Select(l => l.OldText + " | " + l.NewText));

    [Fact]
    public async Task An_unsealed_events_values_are_shown_to_an_officer_and_move_with_their_blind_index_when_it_is_sealed()
    {
        var tenant = await PersonalTenantAsync();
        var id = await AppendAsync(tenant, null, Customer("c-ann", AnnEmail, AnnName));
        const string Moved = "select count(*) from audit.personal_values where tenant_id = $1";
        const string Waiting = "select count(*) from audit.seal_queue where tenant_id = $1 and personal_texts is not null";
        const string Commitments = "select string_agg(encode(commitment, 'hex'), ',' order by commitment) from audit.all_personal_values where tenant_id = $1";

        Assert.Equal((0L, 1L), (await CountAsync(Moved, tenant), await CountAsync(Waiting, tenant)));
        Assert.Contains(AnnEmail, Shown(await OfficerSeesAsync(tenant, id)));
        Assert.Empty(await SearchAsync(tenant, AnnEmail)); // the blind index, like word search, holds sealed events only
        var waitingCommitments = await ChainTestbed.ScalarAsync<string>(db.SuperUser, Commitments, tenant);
        var eventText = await ChainTestbed.ScalarAsync<string>(db.SuperUser, "select e::text from audit.events e where tenant_id = $1", tenant);
        foreach (var commitment in waitingCommitments.Split(',')) Assert.Contains(commitment, eventText);

        await _bed.Sealer.SealPendingAsync(tenant);

        Assert.Equal((2L, 0L), (await CountAsync(Moved, tenant), await CountAsync(Waiting, tenant)));
        Assert.Equal(0L, await CountAsync("select count(*) from audit.seal_queue where tenant_id = $1", tenant));
        Assert.Equal(waitingCommitments, await ChainTestbed.ScalarAsync<string>(db.SuperUser, Commitments, tenant));
        Assert.Contains(AnnEmail, Shown(await OfficerSeesAsync(tenant, id)));
        Assert.Equal([id], await SearchAsync(tenant, AnnEmail));
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);
    }

    [Fact]
    public async Task Erasing_a_subject_of_an_unsealed_event_strips_only_their_waiting_values_and_the_chain_still_verifies()
    {
        var tenant = await PersonalTenantAsync();
        // The order moves from Ann to Bob: Ann's values are in the old document, Bob's in the new one, one queue row.
        var id = await AppendAsync(tenant, Customer("c-ann", AnnEmail, AnnName), Customer("c-bob", BobEmail, "Bob Stays"));
        Assert.Contains("audit.seal_queue", await PlaintextScan.TablesContainingAsync(db.SuperUser, AnnEmail));

        var erasureId = await SubjectEraser.EraseAsync(db.ReaderSource, new SubjectErasure(tenant, "c-ann", "usr_alice", "user", "GDPR request #7"), default);

        foreach (var text in new[] { AnnEmail, AnnName })
            Assert.Empty(await PlaintextScan.TablesContainingAsync(db.SuperUser, text));
        Assert.Equal(["audit.seal_queue"], await PlaintextScan.TablesContainingAsync(db.SuperUser, BobEmail));
        var shown = Shown(await OfficerSeesAsync(tenant, id));
        Assert.Contains("\"email\": \"erased\"", shown);
        Assert.Contains(BobEmail, shown);
        await using (var ctx = AuditStoreOptions.CreateContext(db.ReaderSource))
        await using (var tx = await TenantScope.BeginAsync(ctx, tenant, default))
        {
            var erasure = (await EventDetailQuery.ReadAsync(ctx, tenant, erasureId, default))!;
            Assert.Contains("\"personal_values_removed\": 2", erasure.Event.NewValues);
        }

        await _bed.Sealer.SealPendingAsync(tenant);

        Assert.Equal(0L, await CountAsync("select count(*) from audit.seal_queue where tenant_id = $1", tenant));
        Assert.Equal(2L, await CountAsync("select count(*) from audit.personal_values where tenant_id = $1 and subject_id = 'c-bob'", tenant));
        Assert.Equal(0L, await CountAsync("select count(*) from audit.personal_values where tenant_id = $1 and subject_id = 'c-ann'", tenant));
        Assert.Equal([id], await SearchAsync(tenant, BobEmail));
        Assert.Empty(await SearchAsync(tenant, AnnEmail));
        Assert.NotNull((await _bed.CheckpointAsync(tenant)).Checkpoint);
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);
    }

    [Fact]
    public async Task The_split_follows_the_tenants_personal_paths_as_they_change()
    {
        var tenant = await PersonalTenantAsync();
        await ChainTestbed.ScalarAsync<int>(db.Owner,
            "with gone as (delete from audit.personal_data_paths where tenant_id = $1 and path = '$.customer.name' returning 1) select count(*)::int from gone", tenant);
        var first = await AppendAsync(tenant, null, Customer("c-ann", AnnEmail, AnnName));
        await ChainTestbed.ScalarAsync<int>(db.Owner,
            "with gone as (delete from audit.personal_data_paths where tenant_id = $1 returning 1) select count(*)::int from gone", tenant);
        var second = await AppendAsync(tenant, null, Customer("c-ann", AnnEmail, AnnName));

        const string Stored = "select count(*) from audit.events e where tenant_id = $1 and id = $2 and strpos(e::text, $3) > 0";
        Assert.Equal((0L, 1L), (await CountAsync(Stored, tenant, first, AnnEmail), await CountAsync(Stored, tenant, first, AnnName)));
        Assert.Equal((1L, 1L), (await CountAsync(Stored, tenant, second, AnnEmail), await CountAsync(Stored, tenant, second, AnnName)));
        Assert.Equal(0L, await CountAsync("select count(*) from audit.personal_path_lists where tenant_id = $1", tenant));
    }
}
