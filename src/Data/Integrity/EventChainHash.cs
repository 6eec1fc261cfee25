using System.Security.Cryptography;

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
        // One-shot hashing of one contiguous input: creating an IncrementalHash per event cost more than hashing it.
        var length = canonicalBytes.Length + Size;
        byte[]? rented = null;
        var input = length <= StackLimit ? stackalloc byte[length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            canonicalBytes.CopyTo(input);
            previousHash.CopyTo(input[canonicalBytes.Length..]);
            return SHA256.HashData(input);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private const int StackLimit = 2048;
}
