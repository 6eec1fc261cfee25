namespace AuditExplorer.Data.Timelines;

/// <summary>The three ways into the log: a record's history, an actor's doings, a window of time.</summary>
public enum TimelineKind { TimeRange, Record, Actor }
