namespace AuditExplorer.Data.Integrity;

/// <summary>Where the checkpoint key comes from (configuration section "Checkpoints" or AUDITEXPLORER_CHECKPOINT_* variables).</summary>
public sealed class CheckpointKeyOptions
{
    /// <summary>Signed-note key name; also the prefix of every tenant's checkpoint origin ("name/tenant").</summary>
    public string KeyName { get; set; } = "auditexplorer";

    /// <summary>PEM file holding the active private key (Ed25519 or ECDSA P-256, PKCS#8). When unset, a development key is used.</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// More private keys that sign every checkpoint too (rotation: the note carries one signature
    /// per key, so verifiers pinned to either key accept it while they move to the new one).
    /// </summary>
    public List<string> AdditionalKeyPaths { get; set; } = [];

    /// <summary>Older public keys ("name+keyid+base64", see <see cref="CheckpointVerifierKey"/>) that still verify old checkpoints.</summary>
    public List<string> TrustedKeys { get; set; } = [];

    /// <summary>Folder for development keys, created on first use; must be git-ignored (default .local/keys).</summary>
    public string DevKeyDirectory { get; set; } = Path.Combine(".local", "keys");

    /// <summary>
    /// The signer's own append-only record of every checkpoint it signed (<see cref="SignedCheckpointFile"/>).
    /// Default: "&lt;KeyPath&gt;.signed.log", or "checkpoints.signed.log" in the development key folder.
    /// </summary>
    public string? SignedRecordPath { get; set; }

    /// <summary>The record path that applies: <see cref="SignedRecordPath"/>, else next to the key.</summary>
    public string EffectiveSignedRecordPath =>
        SignedRecordPath is { Length: > 0 } path ? path
        : KeyPath is { Length: > 0 } key ? key + ".signed.log"
        : Path.Combine(DevKeyDirectory, "checkpoints.signed.log");

    /// <summary>
    /// Reads AUDITEXPLORER_CHECKPOINT_KEY, _KEY_NAME, _EXTRA_KEYS and _TRUSTED_KEYS (separated by ';'),
    /// _SIGNED_RECORD and _DEV_KEYS over the defaults.
    /// </summary>
    public static CheckpointKeyOptions FromEnvironment(string? devKeyDirectory = null)
    {
        var options = new CheckpointKeyOptions();
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_KEY_NAME") is { Length: > 0 } name) options.KeyName = name;
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_KEY") is { Length: > 0 } path) options.KeyPath = path;
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_EXTRA_KEYS") is { Length: > 0 } extra)
            options.AdditionalKeyPaths.AddRange(extra.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_TRUSTED_KEYS") is { Length: > 0 } trusted)
            options.TrustedKeys.AddRange(trusted.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_SIGNED_RECORD") is { Length: > 0 } record) options.SignedRecordPath = record;
        options.DevKeyDirectory = Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_DEV_KEYS") is { Length: > 0 } dev
            ? dev : devKeyDirectory ?? options.DevKeyDirectory;
        return options;
    }
}
