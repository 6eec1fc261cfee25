namespace AuditExplorer.Data.Integrity;

/// <summary>How the database disagrees with what the signer recorded.</summary>
public enum SignerRecordFindingKind
{
    /// <summary>The database's newest checkpoint (or chain) is smaller than one the signer signed: history was removed.</summary>
    RolledBack,
    /// <summary>The database holds another tree than the one the signer signed (same size, other root, or no consistency).</summary>
    Forked,
    /// <summary>The record itself cannot be read or an entry does not verify.</summary>
    RecordUnreadable,
}
