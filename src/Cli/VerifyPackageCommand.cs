using System.Globalization;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Cli;

/// <summary>
/// verify-package: checks an evidence package offline. Exit codes (docs/evidence-packages.md):
/// 0 trusted, 1 failed, 2 usage, 3 untrusted (verifies only with the package's own key), 4 unreadable file,
/// 5 not witnessed (with --witness-key: valid and signed by a trusted log key, but without the required cosignatures).
/// </summary>
internal sealed class VerifyPackageCommand : ICliCommand
{
    public const int Trusted = 0;
    public const int Failed = 1;
    public const int Untrusted = 3;
    public const int Unreadable = 4;

    public string Name => "verify-package";
    public string Summary => "Verify an evidence package offline: <package.zip> --key K | --key-file F | --trust F [--witness-key W]... [--witness-quorum N] [--accept-v1]. Exit 0 trusted, 1 failed, 2 usage, 3 untrusted, 4 unreadable, 5 not witnessed.";

    public Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new CliUsageException("give exactly one package: verify-package <package.zip> --key K | --key-file F | --trust F");
        var path = args.Positional[0];
        var trusted = new List<CheckpointVerifierKey>(CheckpointPublicKeys.Given(args));
        if (args.Get("trust") is { } trustFile) trusted.AddRange(TrustFile.Read(trustFile));
        else if (args.Has("trust")) throw new CliUsageException("--trust needs a file with one public key a line");
        var witnesses = WitnessKeyOptions.From(args);
        var options = new PackageVerificationOptions { TrustedKeys = trusted, AcceptVersion1Boundaries = args.Has("accept-v1") };

        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine($"{Name}: cannot read {path}: {ex.Message}");
            return Task.FromResult(Unreadable);
        }
        PackageVerificationReport report;
        CosignatureQuorumResult? witnessed = null;
        using (file)
        {
            report = EvidencePackageVerifier.Verify(file, options, ct);
            if (witnesses.Required && report.Verdict == PackageVerdict.Trusted) witnessed = CheckWitnesses(file, witnesses);
        }

        var m = report.Manifest;
        if (m is not null)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Package of tenant {m.TenantId}, exported {m.CreatedAt:yyyy-MM-dd HH:mm:ss}Z by {m.Exporter.SubjectId}{(m.Reason is null ? "" : $" (reason: {m.Reason})")}, checkpoint {m.Checkpoint.TreeSize:N0}, format {m.FormatVersion}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Checked {report.EventsChecked:N0} events and {report.ProofsChecked:N0} inclusion proofs in {report.Elapsed.TotalSeconds:0.0} s."));
        foreach (var warning in report.Warnings) Console.WriteLine("WARNING: " + warning);

        switch (report.Verdict)
        {
            case PackageVerdict.Trusted when witnessed is { Met: false }:
                Console.WriteLine($"{(witnessed.Invalid ? "FAILED" : "NOT WITNESSED")}: the package checks out and its checkpoint is signed by the trusted key {report.SignedBy}, but {witnessed.Problem}.");
                return Task.FromResult(witnessed.Invalid ? Failed : WitnessKeyOptions.NotWitnessed);
            case PackageVerdict.Trusted:
                if (witnessed is not null)
                    Console.WriteLine($"WITNESSED: cosigned by {string.Join(", ", witnessed.Valid.Select(c => $"{c.KeyLabel} at {c.CosignedAt:yyyy-MM-dd HH:mm:ss}Z"))} ({witnessed.Valid.Count} of {witnesses.Keys.Count}, {witnesses.Quorum} required).");
                Console.WriteLine($"VERIFIED: every file, hash, proof and claim checks out; the checkpoint is signed by the trusted key {report.SignedBy}.");
                if (m?.Completeness is { FirstSeq: { } first, LastSeq: { } last })
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Complete: no event is missing between seq {first:N0} and {last:N0}."));
                if (report.History is { } history) Console.WriteLine(history);
                return Task.FromResult(Trusted);
            case PackageVerdict.Untrusted:
                Console.WriteLine($"UNTRUSTED: the package is consistent but its checkpoint is signed only by the key inside it ({report.SignedBy}), which anyone could have made; pass the log's published key with --key, --key-file or --trust to verify its origin.");
                return Task.FromResult(Untrusted);
            default:
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAILED: {report.Findings.Count + report.FindingsOmitted:N0} problems."));
                foreach (var finding in report.Findings) Console.WriteLine("  " + finding);
                if (report.FindingsOmitted > 0)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {report.FindingsOmitted:N0} more."));
                return Task.FromResult(Failed);
        }
    }

    // The package's checkpoint.txt (already verified against the log key) must also carry the witness quorum.
    private static CosignatureQuorumResult CheckWitnesses(FileStream file, WitnessKeyOptions witnesses)
    {
        file.Position = 0;
        using var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
        var entry = zip.GetEntry(PackageFiles.Checkpoint) ?? throw new InvalidDataException($"{PackageFiles.Checkpoint} is missing");
        using var reader = new StreamReader(entry.Open(), new System.Text.UTF8Encoding(false, true));
        return witnesses.Check(reader.ReadToEnd());
    }
}
