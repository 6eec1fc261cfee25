using System.Security.Cryptography;

namespace AuditExplorer.Data.Integrity;

/// <summary>RFC 6962 Merkle tree hashing with domain separation: leaves 0x00, interior nodes 0x01.</summary>
public static class MerkleHasher
{
    /// <summary>The root of the empty tree: SHA-256 of no bytes.</summary>
    public const int HashSize = 32;

    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] HashLeaf(ReadOnlySpan<byte> leafData) => ConcatenatedSha256.Hash([0x00], leafData);

    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[65];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[33..]);
        return SHA256.HashData(input);
    }
}
