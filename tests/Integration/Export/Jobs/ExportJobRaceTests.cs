using System.Collections.Concurrent;
using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Integration.Export.Jobs;

/// <summary>Several web instances share one queue; each job goes to exactly one of them.</summary>
[Collection(StoreCollection.Name)]
public sealed class ExportJobRaceTests(PostgresFixture db) : IDisposable
{
    private readonly ExportJobTestBed _bed = new(db);

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Workers_racing_for_the_queue_never_claim_one_job_twice()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await db.CreateTenantAsync("race");
        var store = _bed.NewStore();
        var queued = new List<Guid>();
        for (var i = 0; i < 40; i++) queued.Add((await store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter(), "race " + i)).Id);

        var claims = new ConcurrentBag<(string Worker, Guid Job)>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var mine = _bed.NewStore();
            while (await mine.ClaimNextAsync("racer-" + w) is { } claim) claims.Add(("racer-" + w, claim.Id));
        })));

        Assert.Equal(queued.Order(), claims.Select(c => c.Job).Order());
        Assert.True(claims.Select(c => c.Worker).Distinct().Count() > 1, "only one racer claimed anything: the race did not happen");
        foreach (var (worker, job) in claims)
            Assert.Equal(worker, (await store.FindAsync(tenant, job))!.ClaimedBy);
        foreach (var (worker, job) in claims)
            await store.EndAsync(new ExportJobClaim(tenant, job, ""), worker, ExportJobStatus.Cancelled, "test over");
    }

    [Fact]
    public async Task Two_hosts_running_the_same_queue_produce_each_package_once()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await _bed.TenantWithEventsAsync(3);
        var store = _bed.NewStore();
        for (var i = 0; i < 6; i++) await store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter(), "twice? " + i);

        var options = _bed.Options();
        var runs = await Task.WhenAll(_bed.NewWorker(options, "host-a").RunQueuedAsync(default), _bed.NewWorker(options, "host-b").RunQueuedAsync(default));

        var ran = runs.SelectMany(r => r).Where(o => o.Job.TenantId == tenant).Select(o => o.Job.Id).ToList();
        Assert.Equal(6, ran.Count);
        Assert.Equal(6, ran.Distinct().Count());
        Assert.All(await store.ListAsync(tenant), j => Assert.Equal(ExportJobStatus.Succeeded, j.Status));
        // One export access event per job: no package was written twice.
        Assert.Equal(6L, await _bed.OwnerScalarAsync("select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.export'", tenant));
    }
}
