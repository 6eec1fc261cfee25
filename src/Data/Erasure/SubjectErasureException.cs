namespace AuditExplorer.Data.Erasure;

/// <summary>An erasure the store refused, with a message for the person asking (unknown subject, already erased, no reason).</summary>
public sealed class SubjectErasureException(string message, bool isUnknownSubject, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the tenant has no such subject (a 404-style answer), false for bad input (400-style).</summary>
    public bool IsUnknownSubject { get; } = isUnknownSubject;
}
