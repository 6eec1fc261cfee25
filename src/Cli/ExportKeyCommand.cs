using AuditExplorer.Data.Export;

namespace AuditExplorer.Cli;

/// <summary>
/// `export-key generate --out F` writes a new export key (Ed25519 PKCS#8 PEM, owner-only) and prints its public half;
/// `export-key public [--export-key-file F]` prints the public half of the configured one. The export key signs
/// manifest.dsse.json; it is not the log key.
/// </summary>
internal sealed class ExportKeyCommand : ICliCommand
{
    public string Name => "export-key";
    public string Summary => "Export key of manifest.dsse.json: generate --out F | public [--export-key-file F] (else AUDITEXPLORER_EXPORT_KEY).";

    public Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        switch (args.Positional.FirstOrDefault())
        {
            case "generate":
                var path = args.Get("out") ?? throw new CliUsageException("export-key generate needs --out file.pem");
                if (File.Exists(path)) throw new CliUsageException($"{path} exists; an export key is never overwritten");
                using (var key = ExportSigningKey.Generate())
                {
                    File.WriteAllText(path, key.ExportPem(), new System.Text.UTF8Encoding(false));
                    if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    Console.WriteLine(key.VerifierKey);
                }
                return Task.FromResult(0);
            case "public":
                using (var key = Load(args) ?? throw new CliUsageException("no export key: give --export-key-file F or set AUDITEXPLORER_EXPORT_KEY"))
                    Console.WriteLine(key.VerifierKey);
                return Task.FromResult(0);
            default:
                throw new CliUsageException("export-key generate --out F | export-key public [--export-key-file F]");
        }
    }

    /// <summary>The export key of --export-key-file, else AUDITEXPLORER_EXPORT_KEY (a PEM file), else none.</summary>
    public static ExportSigningKey? Load(CliArguments args)
    {
        var path = args.Get("export-key-file") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_EXPORT_KEY");
        if (string.IsNullOrEmpty(path)) return null;
        try
        {
            return ExportSigningKey.FromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new CliUsageException($"export key {path}: {ex.Message}");
        }
    }
}
