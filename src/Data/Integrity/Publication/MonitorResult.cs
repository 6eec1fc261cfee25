namespace AuditExplorer.Data.Integrity.Publication;

/// <summary>A monitor run's verdict, with the sizes it compared and a sentence for the operator of the monitor.</summary>
public sealed record MonitorResult(MonitorVerdict Verdict, long? PreviousSize, long? PublishedSize, string Message)
{
    /// <summary>True when the log behaved: nothing to alarm anyone about.</summary>
    public bool IsHealthy => Verdict is MonitorVerdict.FirstSeen or MonitorVerdict.Unchanged or MonitorVerdict.Grew;
}
