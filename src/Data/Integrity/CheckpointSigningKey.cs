namespace AuditExplorer.Data.Integrity;

/// <summary>
/// A private key that signs checkpoints under a key name (e.g. "auditexplorer"): Ed25519 (signed-note
/// type 0x01, the default for new keys) or ECDSA P-256 (type 0x02, kept for existing keys). Each
/// tenant's note is signed under the name of its origin ("name/tenant"), as C2SP tlog-checkpoint
/// recommends, so a stock note verifier holding "name/tenant+id+key" accepts it.
/// </summary>
public abstract class CheckpointSigningKey : IDisposable
{
    /// <summary>The public key under the base key name (a log's own name is <see cref="CheckpointVerifierKey.WithName"/> of it).</summary>
    public abstract CheckpointVerifierKey VerifierKey { get; }

    /// <summary>Creates a new key; Ed25519 unless P-256 is asked for.</summary>
    public static CheckpointSigningKey Generate(string name, byte signatureType = CheckpointVerifierKey.Ed25519Type) =>
        signatureType switch
        {
            CheckpointVerifierKey.Ed25519Type => Ed25519CheckpointSigningKey.Generate(name),
            CheckpointVerifierKey.EcdsaP256Type => EcdsaCheckpointSigningKey.Generate(name),
            _ => throw new ArgumentOutOfRangeException(nameof(signatureType), "checkpoint keys are Ed25519 (0x01) or ECDSA P-256 (0x02)"),
        };

    /// <summary>Loads a PKCS#8 PEM private key (Ed25519 or P-256; SEC1 "EC PRIVATE KEY" for P-256 too).</summary>
    public static CheckpointSigningKey FromPem(string name, string pem) =>
        (CheckpointSigningKey?)Ed25519CheckpointSigningKey.TryFromPem(name, pem) ?? EcdsaCheckpointSigningKey.FromPem(name, pem);

    /// <summary>The private key as PKCS#8 PEM.</summary>
    public abstract string ExportPem();

    /// <summary>Signs note text under the base key name.</summary>
    public NoteSignature Sign(string noteText) => Sign(noteText, VerifierKey.Name);

    /// <summary>Signs note text under <paramref name="keyName"/> (the key id follows the name for Ed25519).</summary>
    public NoteSignature Sign(string noteText, string keyName) =>
        new(keyName, VerifierKey.WithName(keyName).KeyId, SignBytes(System.Text.Encoding.UTF8.GetBytes(noteText)));

    /// <summary>A note over the checkpoint, signed under the checkpoint's origin as key name.</summary>
    public SignedNote SignCheckpoint(CheckpointBody body)
    {
        var text = body.ToText();
        return new SignedNote(text, [Sign(text, body.Origin)]);
    }

    protected abstract byte[] SignBytes(byte[] data);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
