using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Integration.Export.Jobs;

/// <summary>Packages expire on the worker's schedule: the file is deleted, the row stays as history.</summary>
[Collection(StoreCollection.Name)]
public sealed class ExportJobExpiryTests(PostgresFixture db) : IDisposable
{
    private readonly ExportJobTestBed _bed = new(db);

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task The_sweep_deletes_an_expired_package_and_marks_its_row_expired_and_leaves_a_live_one_alone()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await _bed.TenantWithEventsAsync();
        var store = _bed.NewStore();
        // A package that lives a tenth of a second, and one that lives an hour (the guard lets no one move an expiry).
        var old = await store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter(), "old");
        Assert.Equal(ExportJobStatus.Succeeded, Assert.Single(await _bed.NewWorker(_bed.Options(lifetimeSeconds: 0.1)).RunQueuedAsync(default)).Status);
        var fresh = await store.EnqueueAsync(tenant, "usr_1", "One", new TimelineFilter(), "fresh");
        var options = _bed.Options();
        var worker = _bed.NewWorker(options);
        Assert.Equal(ExportJobStatus.Succeeded, Assert.Single(await worker.RunQueuedAsync(default)).Status);
        await Task.Delay(200);
        var expiredBefore = (await store.FindAsync(tenant, old.Id))!;
        Assert.False(expiredBefore.IsDownloadable(DateTimeOffset.UtcNow)); // refused for download even before the sweep
        Assert.True(File.Exists(options.FullPath(old.FilePath)));

        var sweep = await worker.SweepAsync(default);

        Assert.Contains(sweep.Expired, j => j.Id == old.Id);
        Assert.Empty(sweep.Problems);
        Assert.False(File.Exists(options.FullPath(old.FilePath)));
        var expired = (await store.FindAsync(tenant, old.Id))!;
        Assert.Equal(ExportJobStatus.Expired, expired.Status);
        Assert.Equal(expiredBefore.Sha256, expired.Sha256); // the history keeps what was exported
        Assert.True(File.Exists(options.FullPath(fresh.FilePath)));
        Assert.Equal(ExportJobStatus.Succeeded, (await store.FindAsync(tenant, fresh.Id))!.Status);
        Assert.True((await store.FindAsync(tenant, fresh.Id))!.IsDownloadable(DateTimeOffset.UtcNow));
    }
}
