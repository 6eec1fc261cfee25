using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// A public key that checks checkpoint signatures, in the two C2SP signed-note types the product
/// signs with: 0x01 Ed25519 (key = 32 raw bytes, key id = first 4 bytes of SHA-256(name ‖ 0x0A ‖
/// 0x01 ‖ key), as golang.org/x/mod/sumdb/note computes it) and 0x02 ECDSA P-256 with SHA-256
/// (key = DER SubjectPublicKeyInfo, key id = first 4 bytes of SHA-256(SubjectPublicKeyInfo),
/// ASN.1 DER signatures). Text form: "name+keyid(hex)+base64(type ‖ key)".
/// </summary>
public sealed class CheckpointVerifierKey
{
    /// <summary>Signed-note signature type of Ed25519 keys.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>Signed-note signature type of ECDSA P-256 keys.</summary>
    public const byte EcdsaP256Type = 0x02;

    public string Name { get; }
    public uint KeyId { get; }

    /// <summary><see cref="Ed25519Type"/> or <see cref="EcdsaP256Type"/>.</summary>
    public byte SignatureType { get; }

    /// <summary>The key as the text form carries it: 32 raw bytes (Ed25519) or the DER SubjectPublicKeyInfo (P-256).</summary>
    public byte[] PublicKey { get; }

    private CheckpointVerifierKey(string name, byte signatureType, byte[] publicKey)
    {
        if (!IsValidName(name)) throw new ArgumentException("a key name is non-empty and has no spaces or '+'", nameof(name));
        Name = name;
        SignatureType = signatureType;
        PublicKey = publicKey;
        KeyId = ComputeKeyId(name, signatureType, publicKey);
    }

    /// <summary>An Ed25519 verifier key (type 0x01) from the 32-byte public key.</summary>
    public static CheckpointVerifierKey Ed25519(string name, byte[] rawPublicKey)
    {
        if (rawPublicKey.Length != 32) throw new ArgumentException("an Ed25519 public key is 32 bytes", nameof(rawPublicKey));
        return new CheckpointVerifierKey(name, Ed25519Type, rawPublicKey);
    }

    /// <summary>An ECDSA P-256 verifier key (type 0x02) from its DER SubjectPublicKeyInfo.</summary>
    public static CheckpointVerifierKey EcdsaP256(string name, byte[] subjectPublicKeyInfo)
    {
        using var probe = ECDsa.Create();
        probe.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        if (probe.KeySize != 256) throw new ArgumentException("ECDSA checkpoint keys are P-256", nameof(subjectPublicKeyInfo));
        return new CheckpointVerifierKey(name, EcdsaP256Type, subjectPublicKeyInfo);
    }

    /// <summary>"name+keyid" as stored in audit.checkpoints.key_id.</summary>
    public string Label => $"{Name}+{KeyId:x8}";

    /// <summary>The same key under another name, e.g. a log origin "name/tenant" (the key id follows the name for Ed25519).</summary>
    public CheckpointVerifierKey WithName(string name) => name == Name ? this : new CheckpointVerifierKey(name, SignatureType, PublicKey);

    /// <summary>The key id rule of C2SP signed-note for the key's type.</summary>
    public static uint ComputeKeyId(string name, byte signatureType, byte[] publicKey)
    {
        if (signatureType == EcdsaP256Type) return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(publicKey));
        var input = new byte[Encoding.UTF8.GetByteCount(name) + 2 + publicKey.Length];
        var n = Encoding.UTF8.GetBytes(name, input);
        input[n] = 0x0A;
        input[n + 1] = signatureType;
        publicKey.CopyTo(input, n + 2);
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    public static bool IsValidName(string name) => !string.IsNullOrEmpty(name) && !name.Any(c => c <= ' ' || c == '+');

    public bool Verify(string noteText, NoteSignature signature)
    {
        if (signature.KeyName != Name || signature.KeyId != KeyId) return false;
        var data = Encoding.UTF8.GetBytes(noteText);
        if (SignatureType == Ed25519Type)
        {
            if (signature.Signature.Length != 64) return false;
            var key = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, PublicKey, NSec.Cryptography.KeyBlobFormat.RawPublicKey);
            return NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(key, data, signature.Signature);
        }
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(PublicKey, out _);
        return ecdsa.VerifyData(data, signature.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public override string ToString() =>
        $"{Label}+{Convert.ToBase64String([SignatureType, .. PublicKey])}";

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
        if (!IsValidName(parts[0])) throw new FormatException($"verifier key \"{parts[0]}\": a key name is non-empty and has no spaces or '+'");
        CheckpointVerifierKey key;
        try
        {
            key = blob.Length < 2 ? throw new FormatException($"verifier key {parts[0]}: no key material")
                : blob[0] switch
                {
                    Ed25519Type => Ed25519(parts[0], blob[1..]),
                    EcdsaP256Type => EcdsaP256(parts[0], blob[1..]),
                    _ => throw new FormatException($"verifier key {parts[0]}: signature type 0x{blob[0]:x2} is not supported (0x01 Ed25519, 0x02 ECDSA P-256)"),
                };
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new FormatException($"verifier key {parts[0]}: not a valid public key ({ex.Message})");
        }
        if (!string.Equals($"{key.KeyId:x8}", parts[1], StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"verifier key {parts[0]}: key id {parts[1]} does not match the key ({key.KeyId:x8})");
        return key;
    }
}
