using AuditExplorer.Data.Store;

namespace AuditExplorer.Cli;

internal sealed class MigrateCommand : ICliCommand
{
    public string Name => "migrate";
    public string Summary => "Apply the audit store's migrations as the owner role [--superuser-connection CS].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var superuser = args.Get("superuser-connection") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_SUPERUSER_CONNECTION");
        await AuditStoreOptions.MigrateAsync(args.OwnerConnection, superuser, ct);
        Console.WriteLine("Audit store is up to date.");
        if (superuser is null)
            Console.Error.WriteLine("Note: without --superuser-connection, word search cannot use its index under row-level security (see src/Data/Store/Sql/search_leakproof.sql), "
                + "and the owner role can still DROP, DETACH or disable triggers on audit tables (see src/Data/Store/Sql/append_only_guard.sql).");
        return 0;
    }
}
