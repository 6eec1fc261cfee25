namespace AuditExplorer.Data.Timelines;

/// <summary>A position in a timeline: the boundary row and which way to read from it.</summary>
public sealed record TimelineCursor(DateTimeOffset OccurredAt, Guid Id, PageDirection Direction);
