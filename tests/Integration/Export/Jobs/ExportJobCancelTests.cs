using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Integration.Export.Jobs;

/// <summary>Cancel on the Exports page is a flag in the row, seen by whichever worker holds the job.</summary>
[Collection(StoreCollection.Name)]
public sealed class ExportJobCancelTests(PostgresFixture db) : IDisposable
{
    private readonly ExportJobTestBed _bed = new(db);

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Cancelling_a_running_job_stops_its_worker_at_the_next_heartbeat_and_leaves_no_file()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await _bed.TenantWithEventsAsync();
        var job = await _bed.NewStore().EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter(), "cancel me");
        // Bound, with no sealer: the export waits (up to two minutes) for its checkpoint, long enough to cancel.
        var options = _bed.Options(bind: true, bindTimeoutSeconds: 120);
        var run = _bed.NewWorker(options).RunQueuedAsync(default);
        await ExportJobRestartTests.WaitForAsync(async () => (await _bed.NewStore().FindAsync(tenant, job.Id))!.Status == ExportJobStatus.Running);
        // While it waits, its worker keeps beating: the row's heartbeat moves past the claim.
        await ExportJobRestartTests.WaitForAsync(async () => await _bed.NewStore().FindAsync(tenant, job.Id) is { } j && j.HeartbeatAt > j.StartedAt);

        Assert.True(await _bed.NewStore().RequestCancelAsync(tenant, job.Id)); // from another host's page
        var outcome = Assert.Single(await run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(ExportJobStatus.Cancelled, outcome.Status);
        var ended = (await _bed.NewStore().FindAsync(tenant, job.Id))!;
        Assert.Equal(ExportJobStatus.Cancelled, ended.Status);
        Assert.NotNull(ended.FinishedAt);
        Assert.False(File.Exists(options.FullPath(ended.FilePath)));
        Assert.False(File.Exists(options.FullPath(ended.FilePath) + ".partial"));
        Assert.False(await _bed.NewStore().RequestCancelAsync(tenant, job.Id)); // ended: nothing left to cancel
    }

    [Fact]
    public async Task A_queued_job_that_is_cancelled_is_never_claimed()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await db.CreateTenantAsync("cancel");
        var store = _bed.NewStore();
        var job = await store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter(), "never mind");

        Assert.True(await store.RequestCancelAsync(tenant, job.Id));

        Assert.Equal(ExportJobStatus.Cancelled, (await store.FindAsync(tenant, job.Id))!.Status);
        Assert.Null(await store.ClaimNextAsync("host-a"));
    }
}
