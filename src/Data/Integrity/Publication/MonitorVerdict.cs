namespace AuditExplorer.Data.Integrity.Publication;

/// <summary>What one monitor run concluded about the published log.</summary>
public enum MonitorVerdict
{
    /// <summary>No checkpoint was held yet: the fetched one is now the reference.</summary>
    FirstSeen,
    /// <summary>The log still publishes the checkpoint last seen.</summary>
    Unchanged,
    /// <summary>The log grew, and a consistency proof shows the new tree extends the one last seen.</summary>
    Grew,
    /// <summary>The published tree is smaller than one seen before: history was removed.</summary>
    RolledBack,
    /// <summary>The published tree contradicts one seen before (same size, other root, or no valid consistency proof).</summary>
    Forked,
    /// <summary>The checkpoint is not signed by a trusted key, or is not this tenant's.</summary>
    BadSignature,
}
