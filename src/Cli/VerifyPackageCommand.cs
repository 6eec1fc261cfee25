using System.Globalization;
using AuditExplorer.Data.Export;

namespace AuditExplorer.Cli;

internal sealed class VerifyPackageCommand : ICliCommand
{
    public string Name => "verify-package";
    public string Summary => "Verify an evidence package offline: <package.zip> [--key name+keyid+base64 | --key-file F].";

    public Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new CliUsageException("give exactly one package: verify-package <package.zip> [--key K]");
        var path = args.Positional[0];
        var options = new PackageVerificationOptions { TrustedKeys = CheckpointPublicKeys.Given(args).ToList() };
        var report = EvidencePackageVerifier.Verify(path, options, ct);

        var m = report.Manifest;
        if (m is not null)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Package of tenant {m.TenantId}, exported {m.CreatedAt:yyyy-MM-dd HH:mm:ss}Z by {m.Exporter.SubjectId}{(m.Reason is null ? "" : $" (reason: {m.Reason})")}, checkpoint {m.Checkpoint.TreeSize:N0}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Checked {report.EventsChecked:N0} events and {report.ProofsChecked:N0} inclusion proofs in {report.Elapsed.TotalSeconds:0.0} s."));
        if (report.IsValid)
        {
            Console.WriteLine(report.KeyPinned
                ? $"VERIFIED: every file, hash and proof checks out; the checkpoint is signed by the trusted key {report.SignedBy}."
                : $"VERIFIED: every file, hash and proof checks out; the checkpoint is signed by the key inside the package ({report.SignedBy}). Pass --key with the log's published key to confirm its origin.");
            if (m?.Completeness is { FirstSeq: { } first, LastSeq: { } last })
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Complete: no event is missing between seq {first:N0} and {last:N0}."));
            return Task.FromResult(0);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAILED: {report.Findings.Count + report.FindingsOmitted:N0} problems."));
        foreach (var finding in report.Findings) Console.WriteLine("  " + finding);
        if (report.FindingsOmitted > 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {report.FindingsOmitted:N0} more."));
        return Task.FromResult(1);
    }
}
