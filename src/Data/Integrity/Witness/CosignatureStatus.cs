namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>How a cosignature on a checkpoint checks out against the witness keys the viewer trusts.</summary>
public enum CosignatureStatus
{
    /// <summary>By a trusted witness key, and the signature verifies over the checkpoint.</summary>
    Verified,

    /// <summary>By a key that is not among the trusted witnesses: shown, but proves nothing.</summary>
    UnknownWitness,

    /// <summary>Under a trusted witness's name and key id, but the signature does not verify: altered.</summary>
    Invalid,
}
