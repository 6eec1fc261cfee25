using AuditExplorer.Data.Store;

namespace AuditExplorer.Cli;

internal sealed class MigrateCommand : ICliCommand
{
    public string Name => "migrate";
    public string Summary => "Apply the audit store's migrations as the owner role [--superuser-connection CS] [--blind-index-key-file F].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var superuser = args.Get("superuser-connection") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_SUPERUSER_CONNECTION");
        await using var owner = CliDataSources.Owner(args);
        await AuditStoreOptions.MigrateAsync(owner, superuser, ct);
        await InstallBlindIndexKeyAsync(args, owner, ct);
        Console.WriteLine("Audit store is up to date.");
        if (superuser is null)
            Console.Error.WriteLine("Note: without --superuser-connection, word search cannot use its index under row-level security (see src/Data/Store/Sql/search_leakproof.sql), "
                + "and the owner role can still DROP, DETACH or disable triggers on audit tables (see src/Data/Store/Sql/append_only_guard.sql).");
        return 0;
    }

    // The personal-value blind index key comes from configuration (a file or the environment, base64, 32+ bytes).
    private static async Task InstallBlindIndexKeyAsync(CliArguments args, Npgsql.NpgsqlDataSource owner, CancellationToken ct)
    {
        var text = args.Get("blind-index-key-file") is { } file ? (await File.ReadAllTextAsync(file, ct)).Trim()
            : Environment.GetEnvironmentVariable("AUDITEXPLORER_BLIND_INDEX_KEY");
        if (string.IsNullOrEmpty(text)) return;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new CliUsageException("the blind-index key must be base64 (e.g. openssl rand -base64 32)");
        }
        if (key.Length < 32) throw new CliUsageException("the blind-index key must be at least 32 bytes");
        try
        {
            if (await AuditExplorer.Data.Erasure.BlindIndexKey.InstallAsync(owner, key, ct))
                Console.WriteLine("Installed the configured blind-index key for personal values.");
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == "AE056")
        {
            throw new CliUsageException(ex.MessageText);
        }
    }
}
