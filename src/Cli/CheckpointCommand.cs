using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Cli;

internal sealed class CheckpointCommand : ICliCommand
{
    public string Name => "checkpoint";
    public string Summary => "Sign a checkpoint over a tenant's sealed events --tenant X | --all | --check-record [--key file.pem] [--signed-record F].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        if (args.Has("check-record")) return await CheckRecordAsync(args, ct);
        if (args.Has("all")) return await IssueForAllAsync(args, ct);
        var tenant = IntegrityCliOptions.RequiredTenant(args);
        await using var sealer = CliDataSources.Sealer(args);
        await IntegrityCliOptions.EnsureTenantAsync(sealer, tenant, ct);
        using var keys = IntegrityCliOptions.LoadKeys(args);

        var result = await new CheckpointIssuer(sealer, keys).IssueAsync(tenant, ct);
        switch (result.Status)
        {
            case CheckpointIssueStatus.EmptyLog:
                Console.WriteLine($"Tenant {tenant} has no sealed events yet; run `auditexplorer seal` first.");
                return 0;
            case CheckpointIssueStatus.Refused:
                Console.Error.WriteLine($"REFUSED: {result.Problem}");
                Console.Error.WriteLine($"Run `auditexplorer verify-chain --tenant {tenant} --full` to find the damage.");
                return 1;
            case CheckpointIssueStatus.RefusedBySignerRecord:
                Console.Error.WriteLine($"REFUSED (the signer's record {keys.SignedRecord.Location} contradicts the database): {result.Problem}");
                Console.Error.WriteLine($"Run `auditexplorer verify-chain --tenant {tenant} --full --checkpoints {keys.SignedRecord.Location}` to see what was removed or replaced.");
                return 1;
            case CheckpointIssueStatus.Restored:
                Console.WriteLine($"RESTORED: {result.Problem}:");
                break;
            case CheckpointIssueStatus.Unchanged:
                Console.WriteLine($"The latest checkpoint already covers all {result.Checkpoint!.TreeSize} sealed events:");
                break;
            default:
                Console.WriteLine($"Signed checkpoint at tree size {result.Checkpoint!.TreeSize}:");
                break;
        }
        Console.WriteLine();
        Console.Write(result.Checkpoint!.Note);
        return 0;
    }

    private static async Task<int> IssueForAllAsync(CliArguments args, CancellationToken ct)
    {
        using var keys = IntegrityCliOptions.LoadKeys(args);
        await using var sealer = CliDataSources.Sealer(args);
        var results = await new CheckpointIssuer(sealer, keys).IssueForGrownTenantsAsync(ct);
        foreach (var r in results)
        {
            Console.WriteLine(r.Status == CheckpointIssueStatus.Refused
                ? $"{r.TenantId}: REFUSED: {r.Problem}"
                : r.Status == CheckpointIssueStatus.RefusedBySignerRecord ? $"{r.TenantId}: REFUSED by the signer's record: {r.Problem}"
                : $"{r.TenantId}: {r.Status} at tree size {r.Checkpoint!.TreeSize}");
        }
        Console.WriteLine($"{results.Count} tenants had new sealed events.");
        return results.Any(r => r.Status is CheckpointIssueStatus.Refused or CheckpointIssueStatus.RefusedBySignerRecord) ? 1 : 0;
    }

    /// <summary>The signer's alarm: does the database still hold everything this signer signed?</summary>
    private static async Task<int> CheckRecordAsync(CliArguments args, CancellationToken ct)
    {
        using var keys = IntegrityCliOptions.LoadKeys(args);
        await using var sealer = CliDataSources.Sealer(args);
        var findings = await new SignerRecordCheck(sealer, keys.SignedRecord, keys.Keyring).CheckAsync(ct);
        if (findings.Count == 0)
        {
            Console.WriteLine($"OK: the database holds every checkpoint recorded in {keys.SignedRecord.Location}.");
            return 0;
        }
        foreach (var f in findings) Console.WriteLine($"{f.Kind.ToString().ToUpperInvariant()}: tenant {f.TenantId}: {f.Detail}");
        return 1;
    }
}
