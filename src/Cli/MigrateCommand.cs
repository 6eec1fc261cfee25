using AuditExplorer.Data.Store;

namespace AuditExplorer.Cli;

internal sealed class MigrateCommand : ICliCommand
{
    public string Name => "migrate";
    public string Summary => "Apply the audit store's migrations (run as the owner role).";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        await AuditStoreOptions.MigrateAsync(args.OwnerConnection, ct);
        Console.WriteLine("Audit store is up to date.");
        return 0;
    }
}
