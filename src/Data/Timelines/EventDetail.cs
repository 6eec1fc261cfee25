using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Timelines;

/// <summary>One event in full, who its actor is, and the events of the same request or correlation.</summary>
public sealed record EventDetail(AuditEvent Event, Subject? Actor, IReadOnlyList<TimelineRow> Correlated);
