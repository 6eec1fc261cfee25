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
    /// <summary>Signing would contradict the previous checkpoint in the database (or it does not verify); nothing was signed.</summary>
    Refused,
    /// <summary>
    /// Signing would contradict a checkpoint the signer's own record says it signed (the database
    /// was rolled back or forked, or the record is unreadable); nothing was signed.
    /// </summary>
    RefusedBySignerRecord,
    /// <summary>The database had lost the newest checkpoint the signer made; its recorded note was stored again, nothing new was signed.</summary>
    Restored,
}
