namespace AuditExplorer.Data.Diff;

/// <summary>How a field differs between the old and the new document.</summary>
public enum FieldChangeKind
{
    /// <summary>Present only in the new document.</summary>
    Added,
    /// <summary>Present only in the old document.</summary>
    Removed,
    /// <summary>Present in both with different values.</summary>
    Changed,
}
