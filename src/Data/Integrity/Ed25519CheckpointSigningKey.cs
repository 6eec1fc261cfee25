using System.Text;
using NSec.Cryptography;

namespace AuditExplorer.Data.Integrity;

/// <summary>An Ed25519 checkpoint key (signed-note type 0x01), held by libsodium through NSec.</summary>
public sealed class Ed25519CheckpointSigningKey : CheckpointSigningKey
{

    private readonly Key _key;

    public override CheckpointVerifierKey VerifierKey { get; }

    private Ed25519CheckpointSigningKey(string name, Key key)
    {
        _key = key;
        VerifierKey = CheckpointVerifierKey.Ed25519(name, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public static Ed25519CheckpointSigningKey Generate(string name) =>
        new(name, Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>The key of a 32-byte Ed25519 seed (the private half of a Go note key "PRIVATE+KEY+name+id+base64(0x01 ‖ seed)").</summary>
    public static Ed25519CheckpointSigningKey FromSeed(string name, byte[] seed) =>
        new(name, Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>The key of an Ed25519 PKCS#8 PEM ("PRIVATE KEY", as openssl genpkey -algorithm ed25519 writes it), else null.</summary>
    public static Ed25519CheckpointSigningKey? TryFromPem(string name, string pem)
    {
        var blob = Encoding.ASCII.GetBytes(pem.Trim().ReplaceLineEndings("\n") + "\n");
        return Key.TryImport(SignatureAlgorithm.Ed25519, blob, KeyBlobFormat.PkixPrivateKeyText, out var key, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }) && key is not null
            ? new Ed25519CheckpointSigningKey(name, key) : null;
    }

    public override string ExportPem() => Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPrivateKeyText));

    protected override byte[] SignBytes(byte[] data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _key.Dispose();
    }
}
