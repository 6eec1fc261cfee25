namespace AuditExplorer.Data.Streams;

/// <summary>A stream request an audit admin must correct (shown as a form error, or a 400); nothing was changed.</summary>
public sealed class StreamRejectedException(string message) : Exception(message);
