using System.Globalization;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Cli;

internal sealed class VerifyChainCommand : ICliCommand
{
    public string Name => "verify-chain";
    public string Summary => "Verify a tenant's hash chain and checkpoints --tenant X [--full] [--checkpoints record|url]; exits 1 on damage, 7 when only acknowledged losses are missing.";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var tenant = IntegrityCliOptions.RequiredTenant(args);
        await using var owner = CliDataSources.Owner(args);
        await IntegrityCliOptions.EnsureTenantAsync(owner, tenant, ct);
        using var keys = IntegrityCliOptions.LoadKeys(args);
        var mode = args.Has("full") ? VerificationMode.Full : VerificationMode.Incremental;
        var record = await SignerRecordSource.LoadAsync(args.Get("checkpoints"), args.Has("checkpoints"), ct);
        var actor = new VerificationActor(args.Get("actor") ?? "cli:" + Environment.UserName, args.Get("actor-kind") ?? "system");

        var progress = new Progress<VerificationProgress>(p =>
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rchecked {p.Checked:N0} of {p.Total:N0} events ({p.Fraction:P0})   ")));
        var report = await new ChainVerifier(owner, keys.Keyring).VerifyAsync(tenant, mode, actor, record, progress, ct);
        Console.Error.WriteLine();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(mode == VerificationMode.Full ? "Full" : "Incremental")} verification of {tenant}: seq {report.FromSeq} to {report.ThroughSeq}, {report.EventsChecked:N0} events in {report.Elapsed.TotalSeconds:0.00} s ({report.EventsPerSecond:0} events/s)."));
        if (args.Has("checkpoints"))
            Console.WriteLine($"Compared with {record.Count(r => r.TenantId == tenant)} checkpoints of {tenant} in the signer's record.");
        foreach (var (location, count) in report.ExpiredByPolicy)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Expired by policy: {count:N0} sealed events archived at {location} (their seals still carry the chain)."));
        if (report.Intact)
        {
            Console.WriteLine(report.VerifiedCheckpointSize is { } size
                ? $"INTACT: every event matches its seal and the chain matches the signed checkpoint at size {size}."
                : "INTACT: every event matches its seal (no signed checkpoint covers it yet; run `auditexplorer checkpoint`).");
            return 0;
        }
        foreach (var loss in report.AcknowledgedLosses)
            Console.WriteLine($"LOSS ACKNOWLEDGED: {loss.Detail}");
        if (report.OnlyAcknowledgedLoss)
        {
            Console.WriteLine("NOT COMPLETE: every event that is there matches its seal and the signed checkpoints, but the losses above were acknowledged.");
            return 7;
        }
        Console.WriteLine($"DAMAGED: {report.FirstDamage}" + (report.FirstBadSeq is { } seq ? $" at seq {seq}" : ""));
        foreach (var finding in report.Findings.Where(f => f.Kind != DamageKind.LossAcknowledged).Take(20))
            Console.WriteLine($"  {finding.Kind,-26} {(finding.Seq is { } s ? "seq " + s : ""),-12} {finding.Detail}");
        if (report.Findings.Count > 20) Console.WriteLine($"  ... and {report.Findings.Count - 20} more (see audit.verifications)");
        return 1;
    }
}
