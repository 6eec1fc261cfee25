using System.Security.Cryptography;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>RFC 6962 section 2.1 written out literally (recursion over the whole leaf list), to check the real implementation against.</summary>
internal static class NaiveMerkleTree
{
    public static byte[] Leaf(int i) => SHA256.HashData([0x00, .. BitConverter.GetBytes(i)]);

    public static byte[] Node(byte[] l, byte[] r) => SHA256.HashData([0x01, .. l, .. r]);

    public static byte[] Mth(IReadOnlyList<byte[]> d)
    {
        if (d.Count == 0) return SHA256.HashData([]);
        if (d.Count == 1) return d[0];
        var k = 1;
        while (k * 2 < d.Count) k *= 2;
        return Node(Mth(d.Take(k).ToList()), Mth(d.Skip(k).ToList()));
    }

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d)
    {
        if (d.Count <= 1) return [];
        var k = 1;
        while (k * 2 < d.Count) k *= 2;
        return m < k
            ? [.. Path(m, d.Take(k).ToList()), Mth(d.Skip(k).ToList())]
            : [.. Path(m - k, d.Skip(k).ToList()), Mth(d.Take(k).ToList())];
    }

    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) => m == 0 || m == d.Count ? [] : Subproof(m, d, true);

    private static List<byte[]> Subproof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        var n = d.Count;
        if (m == n) return b ? [] : [Mth(d)];
        var k = 1;
        while (k * 2 < n) k *= 2;
        return m <= k
            ? [.. Subproof(m, d.Take(k).ToList(), b), Mth(d.Skip(k).ToList())]
            : [.. Subproof(m - k, d.Skip(k).ToList(), false), Mth(d.Take(k).ToList())];
    }
}
