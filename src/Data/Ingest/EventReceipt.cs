using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Ingest;

/// <summary>
/// What a sender keeps to verify later that its event is in the log unchanged: the event's place in
/// its tenant's chain (seq, chain hash, Merkle leaf hash), the latest signed checkpoint and the RFC 6962
/// inclusion proof of the leaf in that checkpoint's tree. Null members: not sealed or not yet checkpointed.
/// </summary>
public sealed record EventReceipt(
    Guid EventId,
    long? Seq,
    byte[]? Hash,
    byte[]? LeafHash,
    StoredCheckpoint? Checkpoint,
    InclusionProof? Proof)
{
    /// <summary>True when the receipt is complete: sealed, and covered by a signed checkpoint.</summary>
    public bool Complete => Proof is not null;
}
