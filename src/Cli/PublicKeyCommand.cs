namespace AuditExplorer.Cli;

/// <summary>`public-key`: prints the checkpoint public keys ("name+keyid+base64", one a line) for tenants, monitors and auditors to pin.</summary>
internal sealed class PublicKeyCommand : ICliCommand
{
    public string Name => "public-key";
    public string Summary => "Print the checkpoint public keys to publish (for --key of monitor and verify-package).";

    public Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        foreach (var key in CheckpointPublicKeys.Load(args).Keys) Console.WriteLine(key);
        return Task.FromResult(0);
    }
}
