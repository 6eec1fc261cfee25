namespace AuditExplorer.Data.Streams;

/// <summary>Where a new stream begins.</summary>
public enum StreamStart
{
    /// <summary>With the oldest event the tenant still keeps (the backlog is bounded by retention).</summary>
    Beginning,

    /// <summary>After the last event sealed when the stream is created.</summary>
    Now,
}
