using System.Security.Cryptography;

namespace AuditExplorer.Data.Integrity;

/// <summary>An ECDSA P-256 checkpoint key (signed-note type 0x02, SHA-256, DER signatures), kept for keys made before Ed25519.</summary>
public sealed class EcdsaCheckpointSigningKey : CheckpointSigningKey
{
    private readonly ECDsa _key;

    public override CheckpointVerifierKey VerifierKey { get; }

    public EcdsaCheckpointSigningKey(string name, ECDsa key)
    {
        if (key.KeySize != 256) throw new ArgumentException("ECDSA checkpoint keys are P-256", nameof(key));
        _key = key;
        VerifierKey = CheckpointVerifierKey.EcdsaP256(name, key.ExportSubjectPublicKeyInfo());
    }

    public static EcdsaCheckpointSigningKey Generate(string name) => new(name, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a PKCS#8 or SEC1 PEM P-256 private key.</summary>
    public static new EcdsaCheckpointSigningKey FromPem(string name, string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"checkpoint key is neither an Ed25519 nor an EC P-256 private key in PEM form: {ex.Message}", ex);
        }
        return new EcdsaCheckpointSigningKey(name, key);
    }

    public override string ExportPem() => _key.ExportPkcs8PrivateKeyPem();

    protected override byte[] SignBytes(byte[] data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _key.Dispose();
    }
}
