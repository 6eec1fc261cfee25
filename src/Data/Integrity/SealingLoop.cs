using AuditExplorer.Data.Observability;
using Microsoft.Extensions.Logging;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The signer's service loop: chains newly committed events every few moments and signs checkpoints for tenants
/// that grew. Runs in `auditexplorer seal --watch` (the production shape: the key and the sealer's credentials
/// stay out of the internet-facing web app) or, for a single-process demo, inside the web app. Several may run:
/// the sealer's advisory lock lets one work at a time.
/// </summary>
public sealed class SealingLoop(EventSealer sealer, CheckpointIssuer checkpoints, TimeSpan sealInterval, TimeSpan checkpointInterval, ILogger logger,
    Witness.CheckpointCosigner? cosigner = null)
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled; failures are logged and retried with a growing pause.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var nextCheckpoint = DateTimeOffset.UtcNow;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sealedNow = await sealer.SealPendingAsync(ct: stoppingToken);
                if (AuditTelemetry.BacklogObserved) AuditTelemetry.ReportBacklog(await sealer.BacklogAsync(stoppingToken));
                if (DateTimeOffset.UtcNow >= nextCheckpoint)
                {
                    await checkpoints.IssueForGrownTenantsAsync(stoppingToken);
                    // Witnesses that missed a checkpoint (down, or it is new) are asked again each round; their
                    // failures are logged inside and never stop sealing.
                    if (cosigner is not null) await cosigner.CosignLatestAsync(ct: stoppingToken);
                    nextCheckpoint = DateTimeOffset.UtcNow + checkpointInterval;
                }
                if (failures > 0) logger.LogInformation("Sealing works again after {Failures} failed passes", failures);
                failures = 0;
                logger.LogDebug("Sealing pass done: {Result}", sealedNow);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Keep trying with a growing pause: the backlog is shown on the Integrity page meanwhile, and a
                // database restart is recovered from without restarting this process.
                failures++;
                logger.LogError(ex, "Sealing failed ({Failures} in a row): {Problem}; retrying in {Pause}", failures, ex.Message, Pause(failures));
            }
            try
            {
                await Task.Delay(Pause(failures), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // One interval while healthy; doubling after each failure, at most 30 intervals.
    private TimeSpan Pause(int failures) => sealInterval * Math.Min(1 << Math.Min(failures, 5), 30);
}
