using AuditExplorer.Data.Streams;

namespace AuditExplorer.Web.Streams;

/// <summary>
/// This instance's stream worker. Every instance runs one; each stream's advisory lock lets only one of them
/// deliver it at a time, and the stored position lets any of them continue where another stopped.
/// </summary>
internal sealed class StreamDeliveryService(StreamWorker worker) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await worker.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }
}
