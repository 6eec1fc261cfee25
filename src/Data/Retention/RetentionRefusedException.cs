namespace AuditExplorer.Data.Retention;

/// <summary>A retention change or run the store refused, with a message fit for the person who asked (bad input, not a failure).</summary>
public sealed class RetentionRefusedException(string message, string? sqlState = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The SQLSTATE when the database refused (AE040–AE043, AE001, AE009, AE100), else null.</summary>
    public string? SqlState { get; } = sqlState;
}
