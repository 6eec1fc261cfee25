using AuditExplorer.Data.Integrity.Publication;

namespace AuditExplorer.Cli;

/// <summary>`monitor-token`: creates (or revokes) a token with which a tenant's monitor reads its published checkpoints. Owner role.</summary>
internal sealed class MonitorTokenCommand : ICliCommand
{
    public string Name => "monitor-token";
    public string Summary => "Create a checkpoint-API token for a tenant's monitor: --tenant T --label L [--revoke].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var tenant = args.Get("tenant") ?? throw new CliUsageException("--tenant is required");
        var label = args.Get("label") ?? throw new CliUsageException("--label is required (who holds the token, e.g. \"acme security team\")");
        await using var owner = CliDataSources.Owner(args);
        if (args.Has("revoke"))
        {
            var revoked = await MonitorTokens.RevokeAsync(owner, tenant, label, ct);
            Console.WriteLine($"Revoked {revoked} token(s) labelled \"{label}\" of tenant {tenant}.");
            return revoked > 0 ? 0 : 1;
        }
        var token = await MonitorTokens.CreateAsync(owner, tenant, label, ct);
        Console.Error.WriteLine($"Token for tenant {tenant} (\"{label}\"); it is shown only now, store it in the monitor's secret store:");
        Console.WriteLine(token);
        return 0;
    }
}
