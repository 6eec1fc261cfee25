using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;
using Microsoft.Extensions.Options;

namespace AuditExplorer.Web.Integrity;

/// <summary>
/// The sealing loop inside the web app, only where `Integrity:RunSealer` is on (a one-process demo). In
/// production the sealer and signer run as `auditexplorer seal --watch`, and the web app holds neither the
/// checkpoint key nor the sealer's credentials.
/// </summary>
internal sealed class SealingService(EventSealer sealer, CheckpointIssuer checkpoints, IOptions<IntegritySettings> settings,
    ILogger<SealingService> logger, CheckpointCosigner? cosigner = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new SealingLoop(sealer, checkpoints, settings.Value.SealInterval, settings.Value.CheckpointInterval, logger, cosigner).RunAsync(stoppingToken);
}
