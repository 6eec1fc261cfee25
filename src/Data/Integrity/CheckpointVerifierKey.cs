using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// A public key that checks checkpoint signatures: C2SP signed-note signature type 0x02 (ECDSA
/// P-256, SHA-256, ASN.1 DER signature), key id = first 4 bytes of SHA-256 of the SubjectPublicKeyInfo.
/// Text form: "name+keyid(hex)+base64(0x02 ‖ SubjectPublicKeyInfo DER)".
/// </summary>
public sealed class CheckpointVerifierKey
{
    public const byte SignatureType = 0x02;

    public string Name { get; }
    public uint KeyId { get; }
    public byte[] SubjectPublicKeyInfo { get; }

    public CheckpointVerifierKey(string name, byte[] subjectPublicKeyInfo)
    {
        if (string.IsNullOrEmpty(name) || name.Any(c => c <= ' ' || c == '+'))
            throw new ArgumentException("a key name is non-empty and has no spaces or '+'", nameof(name));
        using var probe = ECDsa.Create();
        probe.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        if (probe.KeySize != 256) throw new ArgumentException("checkpoint keys are ECDSA P-256", nameof(subjectPublicKeyInfo));
        Name = name;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        KeyId = ComputeKeyId(subjectPublicKeyInfo);
    }

    /// <summary>"name+keyid" as stored in audit.checkpoints.key_id.</summary>
    public string Label => $"{Name}+{KeyId:x8}";

    public static uint ComputeKeyId(byte[] subjectPublicKeyInfo) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(subjectPublicKeyInfo));

    public bool Verify(string noteText, NoteSignature signature)
    {
        if (signature.KeyName != Name || signature.KeyId != KeyId) return false;
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo, out _);
        return ecdsa.VerifyData(Encoding.UTF8.GetBytes(noteText), signature.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public override string ToString() =>
        $"{Label}+{Convert.ToBase64String([SignatureType, .. SubjectPublicKeyInfo])}";

    public static CheckpointVerifierKey Parse(string text)
    {
        var parts = text.Trim().Split('+', 3);
        if (parts.Length != 3) throw new FormatException("a verifier key looks like name+keyid+base64key");
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new FormatException($"verifier key {parts[0]}: key material is not base64");
        }
        if (blob.Length < 2 || blob[0] != SignatureType) throw new FormatException($"verifier key {parts[0]}: only ECDSA (type 0x02) keys are supported");
        CheckpointVerifierKey key;
        try
        {
            key = new CheckpointVerifierKey(parts[0], blob[1..]);
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"verifier key {parts[0]}: not an ECDSA public key ({ex.Message})");
        }
        if (!string.Equals($"{key.KeyId:x8}", parts[1], StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"verifier key {parts[0]}: key id {parts[1]} does not match the key ({key.KeyId:x8})");
        return key;
    }
}
