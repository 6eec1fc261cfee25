using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using AuditExplorer.Tests.Integration.Demo;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Access;

/// <summary>
/// The reader's pooled connection after an access event the store refused (npgsql/npgsql#6391): with auto-prepare, a
/// statement that fails inside a transaction that is then rolled back could leave the connection out of step, and the
/// next view on it failed. The one place that builds data sources turns auto-prepare off. A store of its own,
/// because the test revokes a grant.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class AutoPreparedAccessEventTests(PostgresFixture db)
{
    private static readonly Viewer Vera = new("usr_viewer", "Vera Viewer", "vera@example.test", ["compliance_officer"],
        new ViewerRequest("req-1", "sess-1", "127.0.0.1", "Chromium", "oidc", "auditexplorer-web"));

    private static AccessRecord Access(long rows) => new("audit_log.view", "tenant", "prep",
        new Dictionary<string, string?> { ["rows"] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private const string Grant = "execute on function audit.append_access_event(text, text, text, text, text, jsonb)";

    [Theory]
    [InlineData("Max Auto Prepare=20;Auto Prepare Min Usages=2", 1)]
    [InlineData("Max Auto Prepare=20;Auto Prepare Min Usages=1", 0)]
    public async Task A_refused_access_event_leaves_the_pooled_connection_usable_even_when_the_settings_ask_for_auto_prepare(
        string prepare, int viewsBefore)
    {
        await using var store = await CreateStoreAsync();
        // One connection, so the view after the refusal runs on the connection the refusal used.
        await using var source = AuditDataSources.Create(DatabaseRole.Reader,
            store.ConnectionFor("auditexplorer_reader") + ";Maximum Pool Size=1;" + prepare);

        await ViewRefuseViewAsync(store, source, viewsBefore);

        await using var check = new NpgsqlConnection(store.Owner);
        await check.OpenAsync();
        Assert.Equal(viewsBefore + 3L, await new NpgsqlCommand(
            "select count(*) from audit.events where tenant_id = 'prep' and action = 'audit_log.view'", check).ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_contrast_a_pool_that_auto_prepares_breaks_on_the_view_after_the_refusal()
    {
        await using var store = await CreateStoreAsync();
        // Built around AuditDataSources, as a deployment that tuned its pool by hand would.
        await using var source = NpgsqlDataSource.Create(
            store.ConnectionFor("auditexplorer_reader") + ";Maximum Pool Size=1;Max Auto Prepare=20;Auto Prepare Min Usages=2");

        var broken = await Assert.ThrowsAnyAsync<Exception>(() => ViewRefuseViewAsync(store, source, 1));
        Assert.Contains("unexpected backend message", broken.Message, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<ScratchAuditStore> CreateStoreAsync()
    {
        var store = await ScratchAuditStore.CreateAsync(db);
        await using var owner = new NpgsqlConnection(store.Owner);
        await owner.OpenAsync();
        await new NpgsqlCommand("insert into audit.tenants (tenant_id, display_name) values ('prep', 'Prep')", owner).ExecuteNonQueryAsync();
        return store;
    }

    // Views, then two views refused because the reader lost the right to record access, then three views after it is back.
    private static async Task ViewRefuseViewAsync(ScratchAuditStore store, NpgsqlDataSource source, int viewsBefore)
    {
        var reads = new AuditedReads(new SourceContexts(source), source);
        Task<long> ViewAsync() => reads.ReadAsync("prep", Vera, Access,
            (ctx, ct) => ctx.Events.LongCountAsync(e => e.TenantId == "prep" && e.ChangeKind != "access", ct), CancellationToken.None);

        for (var i = 0; i < viewsBefore; i++) Assert.Equal(0, await ViewAsync());
        await store.SuperuserAsync($"revoke {Grant} from auditexplorer_reader");
        try
        {
            await Assert.ThrowsAsync<AccessNotRecordedException>(ViewAsync);
            await Assert.ThrowsAsync<AccessNotRecordedException>(ViewAsync);
        }
        finally
        {
            await store.SuperuserAsync($"grant {Grant} to auditexplorer_reader");
        }
        for (var i = 0; i < 3; i++) Assert.Equal(0, await ViewAsync());
    }
}
