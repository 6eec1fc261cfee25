namespace AuditExplorer.Data.AsOf;

/// <summary>Whether the record existed at the chosen moment.</summary>
public enum RecordExistence
{
    /// <summary>No state-changing event happened yet at that moment.</summary>
    NotYetCreated,
    /// <summary>The record existed; its state is known.</summary>
    Exists,
    /// <summary>The record had been deleted.</summary>
    Deleted,
}
