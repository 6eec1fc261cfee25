namespace AuditExplorer.Web.Export;

/// <summary>How often this instance's worker looks at the queue, and sweeps stale and expired jobs.</summary>
public sealed record ExportJobSchedule(TimeSpan PollInterval, TimeSpan SweepInterval);
