namespace AuditExplorer.Data.Timelines;

/// <summary>A page of a timeline with the cursors to move from it (null where nothing lies that way).</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineRow> Rows, string? NextCursor, string? PreviousCursor);
