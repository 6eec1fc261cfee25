namespace AuditExplorer.Data.Access;

/// <summary>The access event could not be written, so the read was rolled back and nothing may be shown.</summary>
public sealed class AccessNotRecordedException(string reason, Exception inner)
    : Exception("This access could not be recorded, so nothing is shown. " + reason, inner);
