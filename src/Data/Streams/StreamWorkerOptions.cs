namespace AuditExplorer.Data.Streams;

/// <summary>How the stream worker paces itself (configuration section <c>Streams</c>).</summary>
public sealed class StreamWorkerOptions
{
    /// <summary>Sealed events read (and at most delivered) per batch.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Streams delivered at the same time. A receiver that hangs until its timeout holds one of these, so more of them
    /// keep the other tenants' streams flowing; each takes two reader connections while it delivers.
    /// </summary>
    public int ConcurrentStreams { get; set; } = 4;

    /// <summary>Batches one stream may deliver before the worker turns to the next stream.</summary>
    public int BatchesPerTurn { get; set; } = 20;

    /// <summary>
    /// Pause between rounds when every stream is caught up. With the sealer's quarter second, a quarter second here
    /// keeps the commit-to-receiver lag under 2 s at 2,000 events/s (docs/benchmarks.md); one second doubled it.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>First wait after a failed delivery; doubled after each further failure.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts of a failing stream.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
