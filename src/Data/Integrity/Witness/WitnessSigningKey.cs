using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>A witness's own Ed25519 private key (PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes it) that cosigns checkpoints.</summary>
public sealed class WitnessSigningKey : IDisposable
{
    private static KeyCreationParameters Exportable => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
    private readonly Key _key;

    public WitnessVerifierKey VerifierKey { get; }

    private WitnessSigningKey(string name, Key key)
    {
        _key = key;
        VerifierKey = new WitnessVerifierKey(name, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public static WitnessSigningKey Generate(string name) => new(name, Key.Create(SignatureAlgorithm.Ed25519, Exportable));

    /// <exception cref="FormatException">The PEM is not an Ed25519 PKCS#8 private key.</exception>
    public static WitnessSigningKey FromPem(string name, string pem)
    {
        var blob = Encoding.ASCII.GetBytes(pem.Trim().ReplaceLineEndings("\n") + "\n");
        return Key.TryImport(SignatureAlgorithm.Ed25519, blob, KeyBlobFormat.PkixPrivateKeyText, out var key, Exportable) && key is not null
            ? new WitnessSigningKey(name, key)
            : throw new FormatException("the witness key is not an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)");
    }

    public string ExportPem() => Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPrivateKeyText));

    /// <summary>The cosignature line over <paramref name="checkpointText"/> at <paramref name="timestamp"/> (POSIX seconds).</summary>
    public NoteSignature Cosign(string checkpointText, long timestamp)
    {
        var signature = new byte[Cosignature.SignatureLength];
        BinaryPrimitives.WriteUInt64BigEndian(signature, (ulong)timestamp);
        SignatureAlgorithm.Ed25519.Sign(_key, Cosignature.SignedMessage(checkpointText, timestamp), signature.AsSpan(8));
        return new NoteSignature(VerifierKey.Name, VerifierKey.KeyId, signature);
    }

    public void Dispose() => _key.Dispose();
}
