namespace AuditExplorer.Data.Store;

/// <summary>
/// How far the replica is behind: whether it is a standby at all, whether it has replayed all WAL it received, and
/// the age of the last transaction it replayed (null when it never replayed one).
/// </summary>
public sealed record ReplicaLag(bool IsStandby, bool CaughtUp, DateTimeOffset? LastReplayedCommit, TimeSpan? Lag)
{
    /// <summary>True when the replica is no standby, or lags more than <paramref name="threshold"/>.</summary>
    public bool Exceeds(TimeSpan threshold) => !IsStandby || Lag is null || Lag > threshold;
}
