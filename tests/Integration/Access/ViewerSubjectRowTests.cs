using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Access;

/// <summary>
/// Every audited read registers its viewer in audit.subjects (038_viewers_subject_row_read_not_locked.sql): a read
/// by someone whose details did not change leaves their row unlocked, so concurrent views by one person do not
/// queue on it; changed details are still written.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class ViewerSubjectRowTests(PostgresFixture db)
{
    private static Viewer Vera(string name) => new("usr_vera", name, "vera@example.test", ["compliance_officer"],
        new ViewerRequest("req-1", "sess-1", "127.0.0.1", "Chromium", "oidc", "auditexplorer-web"), null);

    private AuditedReads Reads => new(new SourceContexts(db.ReaderSource), db.ReaderSource);

    /// <summary>An audited read that reads nothing: it registers the viewer and appends its access event.</summary>
    private Task<bool> ReadAsync(string tenant, Viewer viewer) =>
        Reads.ReadAsync(tenant, viewer, _ => new AccessRecord("audit_log.view", "tenant", tenant, new Dictionary<string, string?>()),
            (_, _) => Task.FromResult(true), CancellationToken.None);

    /// <summary>Whether another session can lock the subject row right now, without waiting.</summary>
    private async Task<bool> RowIsFreeAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand(
            "select 1 from audit.subjects where tenant_id = $1 and subject_id = 'usr_vera' for update nowait", conn, tx);
        cmd.Parameters.AddWithValue(tenant);
        try
        {
            await cmd.ExecuteScalarAsync();
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }

    private async Task<string> StoredNameAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select display_name from audit.subjects where tenant_id = $1 and subject_id = 'usr_vera'", conn);
        cmd.Parameters.AddWithValue(tenant);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_read_by_a_viewer_whose_details_did_not_change_leaves_their_subject_row_unlocked()
    {
        var tenant = await db.CreateTenantAsync("vs");
        await ReadAsync(tenant, Vera("Vera Viewer")); // registers her

        // The registration a read makes, with its transaction still open: another session can lock the row.
        var free = false;
        await using (var ctx = AuditStoreOptions.CreateContext(db.ReaderSource))
        await using (var tx = await TenantScope.BeginAsync(ctx, tenant, default))
        {
            await ctx.Database.ExecuteSqlAsync($"select audit.upsert_subject({tenant}, 'usr_vera', 'Vera Viewer', 'vera@example.test')");
            free = await RowIsFreeAsync(tenant);
            await tx.CommitAsync();
        }

        Assert.True(free);
        Assert.Equal("Vera Viewer", await StoredNameAsync(tenant));
    }

    [Fact]
    public async Task A_read_by_a_viewer_whose_name_changed_updates_and_locks_their_row_until_it_commits()
    {
        var tenant = await db.CreateTenantAsync("vs");
        await ReadAsync(tenant, Vera("Vera Viewer"));

        var free = true;
        await using (var ctx = AuditStoreOptions.CreateContext(db.ReaderSource))
        await using (var tx = await TenantScope.BeginAsync(ctx, tenant, default))
        {
            await ctx.Database.ExecuteSqlAsync($"select audit.upsert_subject({tenant}, 'usr_vera', 'Vera Married', 'vera@example.test')");
            free = await RowIsFreeAsync(tenant);
            await tx.CommitAsync();
        }

        Assert.False(free);
        Assert.Equal("Vera Married", await StoredNameAsync(tenant));
        await ReadAsync(tenant, Vera("Vera Renamed"));
        Assert.Equal("Vera Renamed", await StoredNameAsync(tenant));
    }
}
