namespace AuditExplorer.Data.Timelines;

/// <summary>Next continues in the timeline's order (older, when newest first); Previous goes back.</summary>
public enum PageDirection { Next, Previous }
