namespace AuditExplorer.Data.Integrity;

/// <summary>The per-tenant hash chain: hash(seq) = SHA-256(canonical bytes ‖ hash(seq - 1)), hash(0) = 32 zero bytes.</summary>
public static class EventChainHash
{
    public const int Size = 32;

    /// <summary>The previous hash of the first event of every chain.</summary>
    public static byte[] Genesis() => new byte[Size];

    public static byte[] Compute(ReadOnlySpan<byte> canonicalBytes, ReadOnlySpan<byte> previousHash)
    {
        if (previousHash.Length != Size) throw new ArgumentException("previous hash must be 32 bytes", nameof(previousHash));
        return ConcatenatedSha256.Hash(canonicalBytes, previousHash);
    }
}
