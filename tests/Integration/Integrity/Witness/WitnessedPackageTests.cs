using System.Diagnostics;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Integration.Integrity.Witness;

/// <summary>
/// An evidence package carries its checkpoint's cosignatures; `verify-package --witness-key` trusts it only when the
/// required witnesses cosigned (exit 0), and says "not witnessed" (exit 5) for a foreign witness or a missed quorum.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class WitnessedPackageTests(PostgresFixture db) : IDisposable
{
    private readonly ChainTestbed _bed = new(db);
    private readonly string _dir = Directory.CreateTempSubdirectory("ae-witnessed-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task A_cosigned_package_verifies_with_its_witness_key_and_not_with_a_foreign_one_or_a_missed_quorum()
    {
        using var witness = new WitnessTestbed(db, _bed);
        using var foreign = WitnessSigningKey.Generate("witness.test/w2");
        var tenant = await db.CreateTenantAsync("wpk");
        await _bed.AppendAndSealAsync(tenant, 12);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        Assert.True((await witness.CosignAsync(tenant)).Cosigned);
        var package = Path.Combine(_dir, "package.zip");
        await using (var output = File.Create(package))
            await new EvidencePackageWriter(db.ReaderSource, _bed.Keyring).WriteAsync(new EvidencePackageRequest
            {
                TenantId = tenant,
                Filter = new TimelineFilter { EntityType = "contract", EntityId = "3" },
                ExporterSubjectId = "usr_auditor",
                Reason = "witnessed",
            }, output);
        string[] log = [package, "--key", _bed.Key.VerifierKey.ToString()];
        var mine = witness.Key.VerifierKey.ToString();
        var theirs = foreign.VerifierKey.ToString();

        var withWitness = await CliAsync([.. log, "--witness-key", mine]);
        var withoutWitness = await CliAsync(log);
        var foreignWitness = await CliAsync([.. log, "--witness-key", theirs]);
        var bothRequired = await CliAsync([.. log, "--witness-key", mine, "--witness-key", theirs]);
        var oneOfTwo = await CliAsync([.. log, "--witness-key", mine, "--witness-key", theirs, "--witness-quorum", "1"]);
        var tooMany = await CliAsync([.. log, "--witness-key", mine, "--witness-quorum", "2"]);

        Assert.True(withWitness.Exit == 0, withWitness.Output);
        Assert.Contains("WITNESSED: cosigned by " + witness.Key.VerifierKey.Label, withWitness.Output);
        Assert.True(withoutWitness.Exit == 0, withoutWitness.Output);
        Assert.True(foreignWitness.Exit == 5, foreignWitness.Output);
        Assert.Contains("NOT WITNESSED", foreignWitness.Output);
        Assert.True(bothRequired.Exit == 5, bothRequired.Output);
        Assert.Contains("cosigned by 1 of the 2 trusted witnesses", bothRequired.Output);
        Assert.True(oneOfTwo.Exit == 0, oneOfTwo.Output);
        Assert.Equal(2, tooMany.Exit);
    }

    private static async Task<(int Exit, string Output)> CliAsync(string[] args)
    {
        var dll = Path.Combine(RepoRoot(), "src", "Cli", "bin", "Release", "net10.0", "auditexplorer.dll");
        Assert.True(File.Exists(dll), $"build the solution first: {dll} is missing");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("verify-package");
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AuditExplorer.sln not found above the test binaries");
    }
}
