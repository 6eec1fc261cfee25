using AuditExplorer.Data.Integrity;
using Microsoft.Extensions.Options;

namespace AuditExplorer.Web.Integrity;

/// <summary>
/// Chains newly committed events every few moments and signs checkpoints for tenants that grew.
/// Several app instances may run it: the sealer's advisory lock lets one work at a time.
/// </summary>
internal sealed class SealingService(EventSealer sealer, CheckpointIssuer checkpoints, IOptions<IntegritySettings> settings,
    ILogger<SealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = settings.Value;
        var nextCheckpoint = DateTimeOffset.UtcNow;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sealedNow = await sealer.SealPendingAsync(ct: stoppingToken);
                if (DateTimeOffset.UtcNow >= nextCheckpoint)
                {
                    await checkpoints.IssueForGrownTenantsAsync(stoppingToken);
                    nextCheckpoint = DateTimeOffset.UtcNow + options.CheckpointInterval;
                }
                failures = 0;
                logger.LogDebug("Sealing pass done: {Result}", sealedNow);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Keep trying with a growing pause: the backlog is shown on the Integrity page meanwhile.
                failures++;
                logger.LogError(ex, "Sealing failed ({Failures} in a row); retrying", failures);
            }
            await Task.Delay(options.SealInterval * Math.Min(1 << Math.Min(failures, 5), 30), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
