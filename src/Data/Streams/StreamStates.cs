namespace AuditExplorer.Data.Streams;

/// <summary>A stream's state as stored: delivering, stopped by an admin (keeps its backlog), or retrying after an error.</summary>
public static class StreamStates
{
    /// <summary>Delivering.</summary>
    public const string Active = "active";

    /// <summary>Stopped by an audit admin; the backlog stays and the lag grows.</summary>
    public const string Paused = "paused";

    /// <summary>The destination refused or could not be reached; retried with backoff, active again after a delivery.</summary>
    public const string Failing = "failing";
}
