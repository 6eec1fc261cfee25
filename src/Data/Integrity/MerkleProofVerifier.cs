namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Checks RFC 6962 inclusion and consistency proofs with the algorithms of RFC 9162 (2.1.3.2, 2.1.4.2).
/// Needs nothing but hashes, so an offline package verifier can use it.
/// </summary>
public static class MerkleProofVerifier
{
    private const int HashSize = 32;

    /// <summary>True when <paramref name="proof"/> shows leaf <paramref name="leafIndex"/> with <paramref name="leafHash"/> in the tree with <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(byte[] leafHash, long leafIndex, long treeSize, IReadOnlyList<byte[]> proof, byte[] root) =>
        root.Length == HashSize && RootFromInclusion(leafHash, leafIndex, treeSize, proof) is { } computed && computed.AsSpan().SequenceEqual(root);

    /// <summary>The root an inclusion proof leads to, or null when the proof has the wrong shape.</summary>
    public static byte[]? RootFromInclusion(byte[] leafHash, long leafIndex, long treeSize, IReadOnlyList<byte[]> proof)
    {
        if (leafIndex < 0 || leafIndex >= treeSize) return null;
        // A hash of the wrong length is malformed input, never something to fold.
        if (leafHash.Length != HashSize || proof.Any(p => p.Length != HashSize)) return null;
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0) return null;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHasher.HashChildren(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHasher.HashChildren(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /// <summary>True when the tree with <paramref name="newRoot"/> extends the tree with <paramref name="oldRoot"/> unchanged.</summary>
    public static bool VerifyConsistency(long oldSize, long newSize, IReadOnlyList<byte[]> proof, byte[] oldRoot, byte[] newRoot)
    {
        // Proving anything from the empty tree is meaningless: rejected, as transparency-dev's verifier does.
        if (oldSize < 1 || oldSize > newSize) return false;
        // Equal trees need no proof, only equal roots (RFC 9162 2.1.4.2 step 1).
        if (oldSize == newSize) return proof.Count == 0 && oldRoot.AsSpan().SequenceEqual(newRoot);
        if (proof.Count == 0) return false;
        if (oldRoot.Length != HashSize || newRoot.Length != HashSize || proof.Any(p => p.Length != HashSize)) return false;

        var path = new List<byte[]>(proof.Count + 1);
        if ((oldSize & (oldSize - 1)) == 0) path.Add(oldRoot);
        path.AddRange(proof);

        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHasher.HashChildren(c, fr);
                sr = MerkleHasher.HashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHasher.HashChildren(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot);
    }
}
