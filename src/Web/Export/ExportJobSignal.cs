namespace AuditExplorer.Web.Export;

/// <summary>Wakes this instance's export worker when someone here queues a job, so it need not wait for the next poll.</summary>
public sealed class ExportJobSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Asks the worker to look at the queue now (a second ask before it looks is the same ask).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken
        }
    }

    /// <summary>Waits until woken or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
