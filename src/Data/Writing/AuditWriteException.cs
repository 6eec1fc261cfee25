namespace AuditExplorer.Data.Writing;

/// <summary>
/// The audit event could not be written, so the business change was rolled back (fail-closed).
/// <see cref="SqlState"/> is the database's code (AE001…AE008, see docs/writing-events.md), or
/// null when no event was appended at all or the connection failed.
/// </summary>
public sealed class AuditWriteException : Exception
{
    public AuditWriteException(string? sqlState, string databaseMessage, string? hint = null, Exception? inner = null)
        : base(sqlState is null ? databaseMessage : $"audit event rejected ({sqlState}): {databaseMessage}", inner)
    {
        SqlState = sqlState;
        DatabaseMessage = databaseMessage;
        Hint = hint;
    }

    public string? SqlState { get; }
    public string DatabaseMessage { get; }
    public string? Hint { get; }
}
