using AuditExplorer.Data.Export;
using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export.Jobs;

/// <summary>Export job history is tenant-scoped by row-level security and cannot be rewritten or removed by the web app's role.</summary>
[Collection(StoreCollection.Name)]
public sealed class ExportJobPrivilegeTests(PostgresFixture db) : IDisposable
{
    private readonly ExportJobTestBed _bed = new(db);

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Another_tenants_export_jobs_are_invisible_and_untouchable()
    {
        await _bed.CancelLeftoversAsync();
        var acme = await db.CreateTenantAsync("acme");
        var globex = await db.CreateTenantAsync("globex");
        var store = _bed.NewStore();
        var job = await store.EnqueueAsync(acme, "usr_1", "One", new TimelineFilter(), "acme's");

        Assert.Single(await store.ListAsync(acme));
        Assert.Empty(await store.ListAsync(globex));
        Assert.Null(await store.FindAsync(globex, job.Id));
        Assert.False(await store.RequestCancelAsync(globex, job.Id));
        // Even naming the other tenant in SQL: the policy follows the transaction's scope, not the query.
        Assert.Equal(1L, await _bed.ReaderScalarAsync(acme, "select count(*) from web.export_jobs where tenant_id = $1", acme));
        Assert.Equal(0L, await _bed.ReaderScalarAsync(globex, "select count(*) from web.export_jobs where tenant_id = $1", acme));
        Assert.Equal(0, await ExecuteInScopeAsync(globex, "update web.export_jobs set cancel_requested = true where tenant_id = $1", acme));
        var insert = await Assert.ThrowsAsync<PostgresException>(() => ExecuteInScopeAsync(globex,
            "insert into web.export_jobs (tenant_id, id, requested_by_id, requested_by_name, filter, file_path) values ($1, $2, 'u', 'U', '{}', $1 || '/' || replace($2::text, '-', '') || '.zip')",
            acme, Guid.NewGuid()));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, insert.SqlState); // row-level security
        await using (var unscoped = new NpgsqlConnection(db.Reader))
        {
            await unscoped.OpenAsync();
            await using var count = new NpgsqlCommand("select count(*) from web.export_jobs", unscoped);
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }
        Assert.Equal(ExportJobStatus.Queued, (await store.FindAsync(acme, job.Id))!.Status);
    }

    [Fact]
    public async Task The_web_role_cannot_delete_history_or_rewrite_who_asked_for_what()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await db.CreateTenantAsync("priv");
        var store = _bed.NewStore();
        var job = await store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter { EntityType = "contract", EntityId = "42" }, "honest");

        foreach (var sql in new[]
                 {
                     "delete from web.export_jobs where id = $1",
                     "update web.export_jobs set reason = 'forged' where id = $1",
                     "update web.export_jobs set requested_by_id = 'usr_2' where id = $1",
                     "update web.export_jobs set filter = '{}' where id = $1",
                     "update web.export_jobs set file_path = 'x' where id = $1",
                 })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteInScopeAsync(tenant, sql, job.Id));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteInScopeAsync(tenant, "truncate web.export_jobs"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, truncate.SqlState);
        var asRunning = await Assert.ThrowsAsync<PostgresException>(() => ExecuteInScopeAsync(tenant,
            "insert into web.export_jobs (tenant_id, id, requested_by_id, requested_by_name, filter, file_path, status) values ($1, $2, 'u', 'U', '{}', $1 || '/' || replace($2::text, '-', '') || '.zip', 'succeeded')",
            tenant, Guid.NewGuid()));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, asRunning.SqlState);

        // What the role may update, the guard still keeps moving forward only.
        Assert.True(await store.RequestCancelAsync(tenant, job.Id));
        var revived = await Assert.ThrowsAsync<PostgresException>(() => ExecuteInScopeAsync(tenant, "update web.export_jobs set status = 'running' where id = $1", job.Id));
        Assert.Equal("AE181", revived.SqlState);
        var ownerDelete = await Assert.ThrowsAsync<PostgresException>(() => _bed.OwnerScalarAsync("delete from web.export_jobs where id = $1", job.Id));
        Assert.Equal("AE182", ownerDelete.SqlState);
        var kept = (await store.FindAsync(tenant, job.Id))!;
        Assert.Equal(("honest", "usr_1", ExportJobStatus.Cancelled), (kept.Reason, kept.RequestedById, kept.Status));
    }

    [Fact]
    public async Task Exports_that_could_never_run_are_refused_before_they_are_queued()
    {
        var tenant = await db.CreateTenantAsync("bad");
        var store = _bed.NewStore();
        var t = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        var empty = await Assert.ThrowsAsync<ExportRefusedException>(() => store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter { From = t, To = t }, null));
        var text = await Assert.ThrowsAsync<ExportRefusedException>(() => store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter { Text = "x" }, null));
        var unknown = await Assert.ThrowsAsync<ExportRefusedException>(() => store.EnqueueAsync("no-such-tenant", "usr_1", "One", new TimelineFilter(), null));

        Assert.Contains("the time range is empty", empty.Message);
        Assert.Contains("text search filters cannot be exported", text.Message);
        Assert.Contains("cannot be queued", unknown.Message);
        Assert.Empty(await store.ListAsync(tenant));
        await store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter { From = t, To = t.AddDays(1) }, null); // the same, well formed, is queued
        Assert.Single(await store.ListAsync(tenant));
        await _bed.CancelLeftoversAsync();
    }

    private async Task<int> ExecuteInScopeAsync(string tenant, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(db.Reader);
        await conn.OpenAsync();
        await using var tx = await AuditExplorer.Data.Access.TenantScope.BeginAsync(conn, tenant, CancellationToken.None);
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        var n = await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        return n;
    }
}
