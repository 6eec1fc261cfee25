using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Cli;

/// <summary>
/// The public keys checkpoints may be signed with: --key "name+id+base64" (several separated by ';'),
/// AUDITEXPLORER_CHECKPOINT_TRUSTED_KEYS, and the configured signing key or existing development keys.
/// Never creates a key: an exporter only needs to recognise existing signatures.
/// </summary>
internal static class CheckpointPublicKeys
{
    public static CheckpointKeyring Load(CliArguments args)
    {
        var keys = new List<CheckpointVerifierKey>(Given(args));
        var options = CheckpointKeyOptions.FromEnvironment(Path.Combine(CheckoutRoot(), ".local", "keys"));
        var haveDevKeys = Directory.Exists(options.DevKeyDirectory) && Directory.GetFiles(options.DevKeyDirectory, "checkpoint-*.pem").Length > 0;
        if (options.KeyPath is not null || haveDevKeys)
        {
            try
            {
                using var configured = CheckpointKeys.Load(options);
                keys.AddRange(configured.Keyring.Keys);
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot read the checkpoint key: {ex.Message}");
            }
        }
        else
        {
            keys.AddRange(options.TrustedKeys.Select(Parse));
        }
        if (keys.Count == 0)
            throw new CliUsageException("no checkpoint public key is configured: pass --key \"name+keyid+base64\" or set AUDITEXPLORER_CHECKPOINT_KEY / AUDITEXPLORER_CHECKPOINT_TRUSTED_KEYS");
        return new CheckpointKeyring(keys);
    }

    /// <summary>Keys given with --key (text) or --key-file (one key a line, as a trust file).</summary>
    public static IEnumerable<CheckpointVerifierKey> Given(CliArguments args)
    {
        var texts = new List<string>();
        if (args.Get("key") is { } key) texts.AddRange(key.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        else if (args.Has("key")) throw new CliUsageException("--key needs a public key (name+keyid+base64)");
        var keys = texts.Select(Parse).ToList();
        // A key file is read like an auditor's trust file: one key a line, '#' comments allowed.
        if (args.Get("key-file") is { } file) keys.AddRange(TrustFile.Read(file));
        return keys;
    }

    /// <summary>Development keys live in .local/keys of the checkout, where the seal and checkpoint verbs create them.</summary>
    private static string CheckoutRoot()
    {
        var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static CheckpointVerifierKey Parse(string text)
    {
        try
        {
            return CheckpointVerifierKey.Parse(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new CliUsageException($"not a checkpoint public key: {ex.Message}");
        }
    }
}
