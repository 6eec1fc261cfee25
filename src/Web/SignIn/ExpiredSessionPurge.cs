using AuditExplorer.Data.Sessions;

namespace AuditExplorer.Web.SignIn;

/// <summary>Deletes expired sessions now and then. They are refused anyway; this only keeps web.sessions small.</summary>
internal sealed class ExpiredSessionPurge(SessionStore store, SessionSettings settings, ILogger<ExpiredSessionPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.PurgeInterval);
        do
        {
            try
            {
                var purged = await store.PurgeExpiredAsync(stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} expired sessions", purged);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Every instance purges; a failed round is retried at the next tick.
                logger.LogWarning(ex, "Purging expired sessions failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
