namespace AuditExplorer.Data.Diff;

/// <summary>Old or new values of an event are not valid JSON, so they cannot be compared or shown structurally.</summary>
public sealed class InvalidAuditJsonException : Exception
{
    /// <summary>Creates the exception with a message that says which document is broken and where.</summary>
    public InvalidAuditJsonException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
