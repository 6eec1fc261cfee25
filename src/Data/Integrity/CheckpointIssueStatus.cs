namespace AuditExplorer.Data.Integrity;

/// <summary>What <see cref="CheckpointIssuer.IssueAsync"/> did.</summary>
public enum CheckpointIssueStatus
{
    /// <summary>A new checkpoint was signed and stored.</summary>
    Issued,
    /// <summary>The latest checkpoint already covers the whole chain.</summary>
    Unchanged,
    /// <summary>Nothing is sealed yet.</summary>
    EmptyLog,
    /// <summary>Signing would contradict the previous checkpoint (or it does not verify); nothing was signed.</summary>
    Refused,
}
