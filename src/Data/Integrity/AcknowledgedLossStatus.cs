namespace AuditExplorer.Data.Integrity;

/// <summary>What the signer's record says about one row of audit.acknowledged_losses.</summary>
public enum AcknowledgedLossStatus
{
    /// <summary>The record holds a signed acknowledgement, verified with the trusted keys, that binds exactly this row.</summary>
    Confirmed,

    /// <summary>The record holds no such acknowledgement, or its entry's signature or binding fails: a rollback, not an acknowledged loss.</summary>
    NotConfirmed,

    /// <summary>No signer's record is configured, or it cannot be read now: the row's claim is unchecked.</summary>
    CannotBeChecked,
}
