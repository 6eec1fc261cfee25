using System.Buffers;
using System.Security.Cryptography;

namespace AuditExplorer.Data.Integrity;

/// <summary>SHA-256 of two byte strings one after the other, hashed in one call over one buffer.</summary>
internal static class ConcatenatedSha256
{
    // Creating an IncrementalHash per event or leaf cost more than hashing it; small inputs go on the stack.
    private const int StackLimit = 2048;

    public static byte[] Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var length = first.Length + second.Length;
        byte[]? rented = null;
        var input = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            first.CopyTo(input);
            second.CopyTo(input[first.Length..]);
            return SHA256.HashData(input);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
