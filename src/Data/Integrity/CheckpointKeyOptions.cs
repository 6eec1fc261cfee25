namespace AuditExplorer.Data.Integrity;

/// <summary>Where the checkpoint key comes from (configuration section "Checkpoints" or AUDITEXPLORER_CHECKPOINT_* variables).</summary>
public sealed class CheckpointKeyOptions
{
    /// <summary>Signed-note key name; also the prefix of every tenant's checkpoint origin ("name/tenant").</summary>
    public string KeyName { get; set; } = "auditexplorer";

    /// <summary>PEM file holding the active ECDSA P-256 private key. When unset, a development key is used.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Older public keys ("name+keyid+base64", see <see cref="CheckpointVerifierKey"/>) that still verify old checkpoints.</summary>
    public List<string> TrustedKeys { get; set; } = [];

    /// <summary>Folder for development keys, created on first use; must be git-ignored (default .local/keys).</summary>
    public string DevKeyDirectory { get; set; } = Path.Combine(".local", "keys");

    /// <summary>Reads AUDITEXPLORER_CHECKPOINT_KEY, _KEY_NAME, _TRUSTED_KEYS (separated by ';') and _DEV_KEYS over the defaults.</summary>
    public static CheckpointKeyOptions FromEnvironment(string? devKeyDirectory = null)
    {
        var options = new CheckpointKeyOptions();
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_KEY_NAME") is { Length: > 0 } name) options.KeyName = name;
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_KEY") is { Length: > 0 } path) options.KeyPath = path;
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_TRUSTED_KEYS") is { Length: > 0 } trusted)
            options.TrustedKeys.AddRange(trusted.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        options.DevKeyDirectory = Environment.GetEnvironmentVariable("AUDITEXPLORER_CHECKPOINT_DEV_KEYS") is { Length: > 0 } dev
            ? dev : devKeyDirectory ?? options.DevKeyDirectory;
        return options;
    }
}
