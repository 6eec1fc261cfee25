namespace AuditExplorer.Data.Integrity;

/// <summary>The kinds of damage verification names (docs/verification.md explains how each is detected).</summary>
public enum DamageKind
{
    /// <summary>An event's recomputed hash differs from its seal: some field was changed.</summary>
    EventAltered,
    /// <summary>A sealed event is gone: its seal points at no event, or a seq is missing from the chain.</summary>
    EventDeleted,
    /// <summary>An event that was never sealed by the sealer: spliced into the chain, or present without seal or queue entry.</summary>
    EventInserted,
    /// <summary>A sealed row sits at another seq than the one it was sealed at.</summary>
    Reordered,
    /// <summary>A seal's previous hash does not match the seal before it, with no better explanation.</summary>
    ChainBroken,
    /// <summary>The chain is shorter than a signed checkpoint says it was.</summary>
    TruncatedTail,
    /// <summary>A checkpoint's signature does not verify with any trusted key, or its row differs from its signed text.</summary>
    CheckpointSignatureInvalid,
    /// <summary>The tree recomputed from the events does not have a signed checkpoint's root.</summary>
    CheckpointInconsistent,
    /// <summary>A stored Merkle interior node (audit.merkle_nodes) is missing, extra, or does not match the leaf hashes under it.</summary>
    MerkleNodeCorrupted,
    /// <summary>The signer's own record holds a bigger tree than the database has: events or checkpoints were removed.</summary>
    RolledBack,
    /// <summary>The signer's own record holds another tree of the same size (or one the database's tree does not extend).</summary>
    Forked,
    /// <summary>A format-2 event's back link (hashed, so sealed that way) does not name the previous change of its record or actor: the sealer's heads were changed or wrong.</summary>
    BackLinkWrong,
    /// <summary>
    /// Not damage found but loss admitted: the signer's record holds a signed acknowledgement that seqs after a
    /// restored size are gone (after a restore to an older point). The chain is not complete, yet no alarm.
    /// </summary>
    LossAcknowledged,
}
