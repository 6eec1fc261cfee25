using System.Security.Cryptography;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export.Jobs;

/// <summary>Export jobs outlive the process that queued or ran them: history, files and downloads, and honest ends for interrupted runs.</summary>
[Collection(StoreCollection.Name)]
public sealed class ExportJobRestartTests(PostgresFixture db) : IDisposable
{
    private readonly ExportJobTestBed _bed = new(db);

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task A_job_queued_before_a_restart_runs_on_the_next_host_and_its_history_and_download_survive_another_restart()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await _bed.TenantWithEventsAsync(5);
        // Host A queues the export and dies before its worker gets to it.
        var queued = await _bed.NewStore().EnqueueAsync(tenant, "usr_alice", "Alice", new TimelineFilter { EntityType = "contract", EntityId = "42" },
            "subpoena 7");
        NpgsqlConnection.ClearAllPools();

        // Host B's worker finds it in the table and runs it (bound, as the web app's exports are).
        var options = _bed.Options(bind: true);
        using var pump = new CancellationTokenSource();
        var sealer = _bed.PumpCheckpointsAsync(tenant, pump.Token);
        var outcomes = await _bed.NewWorker(options).RunQueuedAsync(CancellationToken.None);
        await pump.CancelAsync();
        await sealer;
        var ran = Assert.Single(outcomes, o => o.Job.Id == queued.Id);
        Assert.True(ran.Status == ExportJobStatus.Succeeded, ran.Unexpected?.ToString() ?? (await _bed.NewStore().FindAsync(tenant, queued.Id))?.Error);
        NpgsqlConnection.ClearAllPools();

        // Host C knows nothing but the database and the folder: it lists the job and can serve its file.
        var store = _bed.NewStore();
        var listed = Assert.Single(await store.ListAsync(tenant));
        Assert.Equal((queued.Id, ExportJobStatus.Succeeded, "Alice", "subpoena 7", 5L), (listed.Id, listed.Status, listed.RequestedByName, listed.Reason, listed.EventCount));
        Assert.True(listed.IsDownloadable(DateTimeOffset.UtcNow));
        var file = options.FullPath(listed.FilePath);
        Assert.Equal(listed.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))));
        Assert.Equal(new FileInfo(file).Length, listed.SizeBytes);
        await using (var zip = File.OpenRead(file))
        {
            var report = EvidencePackageVerifier.Verify(zip, new PackageVerificationOptions { TrustedKeys = [_bed.VerifierKey] });
            Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        }
        var download = await new ExportDownloadRecorder(db.ReaderSource).RecordAsync(tenant, "usr_alice", listed.AccessEventId!.Value, listed.Sha256!, "auditexplorer-web", default);
        Assert.NotEqual(Guid.Empty, download);

        // The row's filter is the one the export's own access event records.
        Assert.Equal(true, await _bed.OwnerScalarAsync("""
            select j.filter = e.context->'filter' from web.export_jobs j
            join audit.events e on e.tenant_id = j.tenant_id and e.id = j.access_event_id
            where j.tenant_id = $1 and j.id = $2
            """, tenant, queued.Id));
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task A_running_job_whose_worker_stopped_beating_is_marked_failed_and_that_worker_can_no_longer_finish_it()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await _bed.TenantWithEventsAsync();
        var store = _bed.NewStore();
        var crashed = await store.EnqueueAsync(tenant, "usr_alice", "Alice", new TimelineFilter(), "crash");
        var alive = await store.EnqueueAsync(tenant, "usr_alice", "Alice", new TimelineFilter(), "alive");
        var dead = await store.ClaimNextAsync("host-a/1");
        var live = await store.ClaimNextAsync("host-b/2");
        Assert.Equal((crashed.Id, alive.Id), (dead!.Id, live!.Id));
        var options = _bed.Options(staleAfterSeconds: 30);
        var partial = options.FullPath(dead.FilePath) + ".partial";
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await File.WriteAllTextAsync(partial, "half a zip");
        await File.WriteAllTextAsync(options.FullPath(dead.FilePath), "renamed, never recorded");
        // Host A crashed a minute ago; host B beat just now.
        await _bed.OwnerScalarAsync("update web.export_jobs set heartbeat_at = now() - interval '1 minute' where tenant_id = $1 and id = $2", tenant, dead.Id);
        Assert.False(await store.HeartbeatAsync(live, "host-b/2", 3, 10));

        var sweep = await _bed.NewWorker(options).SweepAsync(CancellationToken.None);

        Assert.Contains(sweep.FailedAsStale, j => j.Id == dead.Id);
        Assert.DoesNotContain(sweep.FailedAsStale, j => j.Id == live.Id);
        var failed = (await store.FindAsync(tenant, dead.Id))!;
        Assert.Equal(ExportJobStatus.Failed, failed.Status);
        Assert.StartsWith("interrupted by a restart", failed.Error);
        Assert.EndsWith("export again", failed.Error);
        Assert.Equal(ExportJobStatus.Running, (await store.FindAsync(tenant, live.Id))!.Status);
        Assert.False(File.Exists(partial));
        Assert.False(File.Exists(options.FullPath(dead.FilePath)));
        // Host A, should it wake up, finds its claim gone.
        Assert.Null(await store.HeartbeatAsync(dead, "host-a/1", 9, 10));
        Assert.False(await store.SucceedAsync(dead, "host-a/1", 4, 100, new string('0', 64), Guid.NewGuid(), TimeSpan.FromHours(1)));
        Assert.Equal(ExportJobStatus.Failed, (await store.FindAsync(tenant, dead.Id))!.Status);
        await store.EndAsync(live, "host-b/2", ExportJobStatus.Cancelled, "test over");
    }

    [Fact]
    public async Task A_host_that_stops_in_the_middle_of_an_export_marks_the_job_failed_with_a_message_to_export_again()
    {
        await _bed.CancelLeftoversAsync();
        var tenant = await _bed.TenantWithEventsAsync();
        var job = await _bed.NewStore().EnqueueAsync(tenant, "usr_alice", "Alice", new TimelineFilter(), "shutdown");
        // Bound, with no sealer running: the export waits for its checkpoint until the host stops.
        var worker = _bed.NewWorker(_bed.Options(bind: true, bindTimeoutSeconds: 120));
        using var stopping = new CancellationTokenSource();
        var run = worker.RunQueuedAsync(stopping.Token);
        await WaitForAsync(async () => (await _bed.NewStore().FindAsync(tenant, job.Id))!.Status == ExportJobStatus.Running);

        await stopping.CancelAsync();
        var outcome = Assert.Single(await run);

        Assert.Equal(ExportJobStatus.Failed, outcome.Status);
        var ended = (await _bed.NewStore().FindAsync(tenant, job.Id))!;
        Assert.Equal((ExportJobStatus.Failed, ExportJobRunner.InterruptedMessage), (ended.Status, ended.Error));
        Assert.False(File.Exists(_bed.Options().FullPath(ended.FilePath) + ".partial"));
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not hold in time");
            await Task.Delay(50);
        }
    }
}
