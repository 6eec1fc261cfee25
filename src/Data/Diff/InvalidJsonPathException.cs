namespace AuditExplorer.Data.Diff;

/// <summary>A JSON path (e.g. a tenant's configured personal path) is not written in the supported notation.</summary>
public sealed class InvalidJsonPathException : Exception
{
    /// <summary>Creates the exception with a message naming the path and the problem.</summary>
    public InvalidJsonPathException(string message) : base(message)
    {
    }
}
