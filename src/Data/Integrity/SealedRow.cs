using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Integrity;

/// <summary>One seal joined with its event (null when the event is gone), plus the hashes recomputed from the event.</summary>
internal sealed class SealedRow(long seq, Guid eventId, byte[] prevHash, byte[] hash, byte[] leafHash, AuditEvent? e, EventLinks links)
{
    public long Seq { get; } = seq;
    public Guid EventId { get; } = eventId;
    public byte[] PrevHash { get; } = prevHash;
    public byte[] Hash { get; } = hash;
    public byte[] LeafHash { get; } = leafHash;
    public AuditEvent? Event { get; } = e;
    /// <summary>Hash format and back links as the seal stores them; they are hashed with the event.</summary>
    public EventLinks Links { get; } = links;

    /// <summary>Where the event went when retention archived it (its seal lies in a recorded archive's range); null otherwise.</summary>
    public string? ArchivedAt { get; init; }

    /// <summary>SHA-256(canonical bytes at the stored seq ‖ stored prev hash); null until computed or when the event is gone.</summary>
    public byte[]? RecomputedHash { get; private set; }
    public byte[]? RecomputedLeaf { get; private set; }

    /// <summary>Needs only this row, so rows are recomputed in parallel before the in-order chain walk.</summary>
    public void Recompute(CanonicalJsonWriter writer)
    {
        if (Event is null) return;
        writer.Reset();
        EventCanonicalForm.Write(writer, Event, Seq, Links);
        RecomputedHash = EventChainHash.Compute(writer.WrittenSpan, PrevHash);
        RecomputedLeaf = MerkleHasher.HashLeaf(writer.WrittenSpan);
    }
}
