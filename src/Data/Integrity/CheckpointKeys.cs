namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The active signing key and the keyring for verification. Rotation: point KeyPath at a new key
/// and keep the old public key in TrustedKeys (development keys: every *.pem in the dev folder is
/// trusted, the newest by file name signs).
/// </summary>
public sealed class CheckpointKeys(CheckpointSigningKey signer, CheckpointKeyring keyring) : IDisposable
{
    public CheckpointSigningKey Signer { get; } = signer;
    public CheckpointKeyring Keyring { get; } = keyring;

    /// <summary>True when the key was generated for development because none was configured.</summary>
    public bool IsDevelopmentKey { get; private init; }

    public static CheckpointKeys Load(CheckpointKeyOptions options)
    {
        var trusted = options.TrustedKeys.Select(CheckpointVerifierKey.Parse).ToList();
        if (options.KeyPath is { } path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint key file {path} does not exist", path);
            var signer = CheckpointSigningKey.FromPem(options.KeyName, File.ReadAllText(path));
            return new CheckpointKeys(signer, new CheckpointKeyring([signer.VerifierKey, .. trusted]));
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
        return new CheckpointKeys(active, ring) { IsDevelopmentKey = true };
    }

    public void Dispose() => Signer.Dispose();
}
