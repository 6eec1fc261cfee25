using AuditExplorer.Data.Export.Jobs;

namespace AuditExplorer.Web.Export;

/// <summary>
/// The hosted export worker of this instance: runs queued export jobs (of every tenant, whichever instance
/// queued them) and, on its own schedule, fails jobs whose worker died and deletes expired packages.
/// Every instance runs one; the store's claim gives each job to one of them.
/// </summary>
internal sealed class ExportJobService(ExportJobWorker worker, ExportJobSignal signal, ExportJobSchedule schedule,
    ILogger<ExportJobService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunJobsAsync(stoppingToken), SweepAsync(stoppingToken));

    private async Task RunJobsAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var outcome in await worker.RunQueuedAsync(stoppingToken))
                {
                    if (outcome.Unexpected is { } ex)
                        logger.LogError(ex, "Evidence export {ExportId} of {Tenant} ended {Status}", outcome.Job.Id, outcome.Job.TenantId, outcome.Status);
                    else
                        logger.LogInformation("Evidence export {ExportId} of {Tenant} ended {Status}", outcome.Job.Id, outcome.Job.TenantId, outcome.Status);
                }
                await signal.WaitAsync(schedule.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store did not answer: the queue stays in the database, and the next round retries.
                logger.LogWarning(ex, "Running queued evidence exports failed");
                await Pause(schedule.PollInterval, stoppingToken);
            }
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(schedule.SweepInterval);
        try
        {
            do
            {
                try
                {
                    var sweep = await worker.SweepAsync(stoppingToken);
                    foreach (var job in sweep.FailedAsStale)
                        logger.LogWarning("Evidence export {ExportId} of {Tenant} lost its worker and is marked failed", job.Id, job.TenantId);
                    if (sweep.Expired.Count > 0) logger.LogInformation("Deleted {Count} expired evidence packages", sweep.Expired.Count);
                    foreach (var problem in sweep.Problems) logger.LogWarning("Could not delete an expired evidence package: {Problem}", problem);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Sweeping evidence exports failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host stopping
        }
    }

    private static async Task Pause(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
            // host stopping; the loop ends
        }
    }
}
