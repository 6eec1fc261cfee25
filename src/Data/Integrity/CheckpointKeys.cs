namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The signing keys, the keyring for verification and the signer's own record of what it signed.
/// Rotation: point KeyPath at a new key and list the old one in AdditionalKeyPaths while verifiers
/// move over (both sign), then keep only its public key in TrustedKeys (development keys: every
/// *.pem in the dev folder is trusted, the newest by file name signs).
/// </summary>
public sealed class CheckpointKeys : IDisposable
{
    /// <summary>
    /// Keys built in code. Without a record this process keeps one in memory, which guards only
    /// for its own lifetime: services load keys with <see cref="Load"/>, which records to a file.
    /// </summary>
    public CheckpointKeys(CheckpointSigningKey signer, CheckpointKeyring keyring, ISignedCheckpointRecord? signedRecord = null)
        : this([signer], keyring, signedRecord ?? new InMemorySignedCheckpointRecord())
    {
    }

    public CheckpointKeys(IReadOnlyList<CheckpointSigningKey> signers, CheckpointKeyring keyring, ISignedCheckpointRecord signedRecord)
    {
        if (signers.Count == 0) throw new ArgumentException("at least one signing key is needed", nameof(signers));
        Signers = signers;
        Keyring = keyring;
        SignedRecord = signedRecord;
    }

    /// <summary>The primary signing key (its id is stored in audit.checkpoints.key_id).</summary>
    public CheckpointSigningKey Signer => Signers[0];

    /// <summary>Every key that signs each new checkpoint, primary first.</summary>
    public IReadOnlyList<CheckpointSigningKey> Signers { get; }

    public CheckpointKeyring Keyring { get; }

    /// <summary>What these keys signed, kept outside the database.</summary>
    public ISignedCheckpointRecord SignedRecord { get; }

    /// <summary>True when the key was generated for development because none was configured.</summary>
    public bool IsDevelopmentKey { get; private init; }

    /// <summary>A note over the checkpoint with one signature per signing key, each under the checkpoint's origin.</summary>
    public SignedNote SignCheckpoint(CheckpointBody body)
    {
        var text = body.ToText();
        return new SignedNote(text, Signers.Select(s => s.Sign(text, body.Origin)).ToList());
    }

    /// <summary>
    /// A checkpoint note with extension lines after the root (C2SP tlog-checkpoint allows them; verifiers that do
    /// not know them still read size and root), signed like <see cref="SignCheckpoint(CheckpointBody)"/>.
    /// </summary>
    public SignedNote SignCheckpoint(CheckpointBody body, IReadOnlyList<string> extensionLines)
    {
        var text = body.ToText() + string.Concat(extensionLines.Select(l => l + "\n"));
        return new SignedNote(text, Signers.Select(s => s.Sign(text, body.Origin)).ToList());
    }

    public static CheckpointKeys Load(CheckpointKeyOptions options)
    {
        var trusted = options.TrustedKeys.Select(CheckpointVerifierKey.Parse).ToList();
        var record = new SignedCheckpointFile(options.EffectiveSignedRecordPath);
        if (options.KeyPath is { } path)
        {
            var signers = new[] { path }.Concat(options.AdditionalKeyPaths).Select(p => ReadKey(options.KeyName, p)).ToList();
            return new CheckpointKeys(signers, new CheckpointKeyring([.. signers.Select(s => s.VerifierKey), .. trusted]), record);
        }

        Directory.CreateDirectory(options.DevKeyDirectory);
        var files = Directory.GetFiles(options.DevKeyDirectory, "checkpoint-*.pem").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            using var generated = CheckpointSigningKey.Generate(options.KeyName);
            var file = Path.Combine(options.DevKeyDirectory, $"checkpoint-{DateTime.UtcNow:yyyyMMddHHmmss}.pem");
            File.WriteAllText(file, generated.ExportPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            files.Add(file);
        }
        var keys = files.Select(f => CheckpointSigningKey.FromPem(options.KeyName, File.ReadAllText(f))).ToList();
        var active = keys[^1];
        var ring = new CheckpointKeyring([.. keys.Select(k => k.VerifierKey), .. trusted]);
        foreach (var old in keys.Take(keys.Count - 1)) old.Dispose();
        return new CheckpointKeys([active], ring, record) { IsDevelopmentKey = true };
    }

    private static CheckpointSigningKey ReadKey(string name, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint key file {path} does not exist", path);
        return CheckpointSigningKey.FromPem(name, File.ReadAllText(path));
    }

    public void Dispose()
    {
        foreach (var signer in Signers) signer.Dispose();
    }
}
