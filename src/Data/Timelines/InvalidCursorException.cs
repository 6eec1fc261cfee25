namespace AuditExplorer.Data.Timelines;

/// <summary>A cursor was edited, truncated, or belongs to another tenant or filter.</summary>
public sealed class InvalidCursorException(string message) : Exception(message);
