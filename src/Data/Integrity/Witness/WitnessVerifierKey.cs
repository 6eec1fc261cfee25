using System.Buffers.Binary;

namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// A witness's public key: cosigner name and 32-byte Ed25519 key, written as a signed-note verifier key with
/// type 0x04, "name+keyid(hex)+base64(0x04 ‖ key)".
/// </summary>
public sealed class WitnessVerifierKey
{
    public string Name { get; }
    public uint KeyId { get; }
    public byte[] PublicKey { get; }

    public WitnessVerifierKey(string name, byte[] publicKey)
    {
        if (!CheckpointVerifierKey.IsValidName(name)) throw new ArgumentException("a witness name is non-empty and has no spaces or '+'", nameof(name));
        if (publicKey.Length != 32) throw new ArgumentException("an Ed25519 public key is 32 bytes", nameof(publicKey));
        Name = name;
        PublicKey = publicKey;
        KeyId = Cosignature.KeyId(name, publicKey);
    }

    /// <summary>"name+keyid", how the product names a witness key in messages and on the Integrity page.</summary>
    public string Label => $"{Name}+{KeyId:x8}";

    /// <summary>
    /// The cosignature time when <paramref name="signature"/> is this witness's valid cosignature over
    /// <paramref name="checkpointText"/>, else null (another key, malformed, or a bad signature).
    /// </summary>
    public long? Verify(string checkpointText, NoteSignature signature)
    {
        if (signature.KeyName != Name || signature.KeyId != KeyId || signature.Signature.Length != Cosignature.SignatureLength) return null;
        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);
        if (timestamp > long.MaxValue) return null;
        var key = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, PublicKey, NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        var message = Cosignature.SignedMessage(checkpointText, (long)timestamp);
        return NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(key, message, signature.Signature.AsSpan(8)) ? (long)timestamp : null;
    }

    /// <summary>True when the line is signed under this key's name and id (valid or not).</summary>
    public bool Matches(NoteSignature signature) => signature.KeyName == Name && signature.KeyId == KeyId;

    public override string ToString() => $"{Label}+{Convert.ToBase64String([Cosignature.Type, .. PublicKey])}";

    public static WitnessVerifierKey Parse(string text)
    {
        var parts = text.Trim().Split('+', 3);
        if (parts.Length != 3) throw new FormatException("a witness key looks like name+keyid+base64key");
        if (!CheckpointVerifierKey.IsValidName(parts[0])) throw new FormatException($"witness key \"{parts[0]}\": a name is non-empty and has no spaces or '+'");
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new FormatException($"witness key {parts[0]}: key material is not base64");
        }
        if (blob.Length != 33 || blob[0] != Cosignature.Type)
            throw new FormatException($"witness key {parts[0]}: expected type 0x04 (Ed25519 cosignature/v1) and a 32-byte key");
        var key = new WitnessVerifierKey(parts[0], blob[1..]);
        if (!string.Equals($"{key.KeyId:x8}", parts[1], StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"witness key {parts[0]}: key id {parts[1]} does not match the key ({key.KeyId:x8})");
        return key;
    }
}
