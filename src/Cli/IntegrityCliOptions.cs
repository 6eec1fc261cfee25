using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Cli;

/// <summary>Options the integrity verbs share: the sealer connection, the checkpoint keys, the tenant.</summary>
internal static class IntegrityCliOptions
{
    /// <summary>--sealer-connection, else AUDITEXPLORER_SEALER_CONNECTION, else the sealer role on the local cluster.</summary>
    public static string SealerConnection(CliArguments args) =>
        args.Get("sealer-connection") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_SEALER_CONNECTION")
        ?? "Host=127.0.0.1;Port=55432;Username=auditexplorer_sealer;Database=auditexplorer";

    public static string RequiredTenant(CliArguments args) =>
        args.Get("tenant") is { Length: > 0 } tenant ? tenant : throw new CliUsageException("--tenant <id> is required");

    /// <summary>Loads the checkpoint keys; without a configured key, uses (or creates) a development key in .local/keys of the checkout.</summary>
    public static CheckpointKeys LoadKeys(CliArguments args)
    {
        var options = CheckpointKeyOptions.FromEnvironment(Path.Combine(CheckoutRoot(), ".local", "keys"));
        if (args.Get("key") is { } keyPath) options.KeyPath = keyPath;
        if (args.Get("signed-record") is { } record) options.SignedRecordPath = record;
        try
        {
            var keys = CheckpointKeys.Load(options);
            if (keys.IsDevelopmentKey)
                Console.Error.WriteLine($"using development checkpoint key {keys.Signer.VerifierKey.Label} from {options.DevKeyDirectory} (set AUDITEXPLORER_CHECKPOINT_KEY in production)");
            return keys;
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot load the checkpoint key: {ex.Message}");
        }
    }

    public static async Task EnsureTenantAsync(NpgsqlDataSource source, string tenantId, CancellationToken ct)
    {
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select exists (select 1 from audit.tenants where tenant_id = $1)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        if (!(bool)(await cmd.ExecuteScalarAsync(ct))!) throw new CliUsageException($"unknown tenant \"{tenantId}\"");
    }

    private static string CheckoutRoot()
    {
        var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
