using System.Text;
using AuditExplorer.Data.Integrity;
using NSec.Cryptography;

namespace AuditExplorer.Data.Export;

/// <summary>
/// The export key (Ed25519, "Export:SigningKey"): signs each package's DSSE statement (manifest.dsse.json).
/// It is not the log key and proves nothing on its own; a bound export records its public half in the
/// sealed access event, so the log vouches for which key signed that export's statement.
/// </summary>
public sealed class ExportSigningKey : IDisposable
{
    /// <summary>The name of the export key in its text form ("auditexplorer-export+keyid+base64").</summary>
    public const string KeyName = "auditexplorer-export";

    private readonly Key _key;

    /// <summary>The public half in the signed-note key text form (type 0x01 Ed25519).</summary>
    public CheckpointVerifierKey VerifierKey { get; }

    private ExportSigningKey(Key key)
    {
        _key = key;
        VerifierKey = CheckpointVerifierKey.Ed25519(KeyName, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>A new random key (tests, and `auditexplorer export-key generate`).</summary>
    public static ExportSigningKey Generate() =>
        new(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Loads an Ed25519 PKCS#8 PEM ("PRIVATE KEY", as openssl genpkey -algorithm ed25519 writes it).</summary>
    public static ExportSigningKey FromPem(string pem)
    {
        var blob = Encoding.ASCII.GetBytes(pem.Trim().ReplaceLineEndings("\n") + "\n");
        return Key.TryImport(SignatureAlgorithm.Ed25519, blob, KeyBlobFormat.PkixPrivateKeyText, out var key,
                new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }) && key is not null
            ? new ExportSigningKey(key)
            : throw new FormatException("the export signing key is not an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)");
    }

    /// <summary>The private key as PKCS#8 PEM.</summary>
    public string ExportPem() => Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPrivateKeyText));

    /// <summary>An Ed25519 signature over <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    public void Dispose() => _key.Dispose();
}
