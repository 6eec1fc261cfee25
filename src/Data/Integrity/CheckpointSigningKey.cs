using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.Data.Integrity;

/// <summary>The private ECDSA P-256 key that signs checkpoints, under a key name (e.g. "auditexplorer.example").</summary>
public sealed class CheckpointSigningKey : IDisposable
{
    private readonly ECDsa _key;

    public CheckpointVerifierKey VerifierKey { get; }

    public CheckpointSigningKey(string name, ECDsa key)
    {
        if (key.KeySize != 256) throw new ArgumentException("checkpoint keys are ECDSA P-256", nameof(key));
        _key = key;
        VerifierKey = new CheckpointVerifierKey(name, key.ExportSubjectPublicKeyInfo());
    }

    public static CheckpointSigningKey Generate(string name) => new(name, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a PKCS#8 or SEC1 PEM private key.</summary>
    public static CheckpointSigningKey FromPem(string name, string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"checkpoint key is not an EC private key in PEM form: {ex.Message}", ex);
        }
        return new CheckpointSigningKey(name, key);
    }

    public string ExportPem() => _key.ExportPkcs8PrivateKeyPem();

    public NoteSignature Sign(string noteText) =>
        new(VerifierKey.Name, VerifierKey.KeyId,
            _key.SignData(Encoding.UTF8.GetBytes(noteText), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public SignedNote SignCheckpoint(CheckpointBody body)
    {
        var text = body.ToText();
        return new SignedNote(text, [Sign(text)]);
    }

    public void Dispose() => _key.Dispose();
}
