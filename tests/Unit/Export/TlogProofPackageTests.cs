using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// Packages of up to 1,000 events carry each event's inclusion proof as a C2SP tlog-proof too; the
/// verifier checks every one against the recomputed leaf and checkpoint.txt, and a changed one fails.
/// </summary>
public sealed class TlogProofPackageTests : IDisposable
{
    private readonly SamplePackage _log = new(logSize: 10);

    public void Dispose() => _log.Dispose();

    private PackageVerificationReport Verify(byte[] package) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey] });

    private Task<byte[]> PackageAsync() => _log.BuildAsync(first: 3, last: 8);

    [Fact]
    public async Task Each_event_has_a_tlog_proof_of_its_index_under_the_packages_checkpoint()
    {
        var package = await PackageAsync();
        var files = PackageEditor.Unzip(package);

        var names = files.Keys.Where(n => n.StartsWith(PackageFiles.TlogProofsFolder, StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(Enumerable.Range(3, 6).Select(s => $"tlog-proofs/{s}.tlog-proof").Order(), names);
        var proof = TlogProof.Parse(PackageEditor.Text(files["tlog-proofs/5.tlog-proof"]));
        Assert.Equal(4, proof.Index);
        Assert.Equal(PackageEditor.Text(files[PackageFiles.Checkpoint]), proof.Checkpoint);
        var report = Verify(package);
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
    }

    [Fact]
    public async Task A_changed_hash_in_a_tlog_proof_fails_even_with_the_manifest_rehashed()
    {
        var forged = PackageEditor.Edit(await PackageAsync(), "tlog-proofs/5.tlog-proof", text =>
        {
            var lines = text.Split('\n');
            lines[2] = Convert.ToBase64String(new byte[32]);
            return string.Join('\n', lines);
        }, fixManifest: true);

        var finding = Assert.Single(Verify(forged).Findings);

        Assert.Equal(("tlog-proofs/5.tlog-proof", 5L), (finding.File, finding.Seq!.Value));
        Assert.Equal("the inclusion proof does not lead to the checkpoint root", finding.Problem);
    }

    [Fact]
    public async Task A_tlog_proof_of_another_index_or_with_another_checkpoint_fails()
    {
        var package = await PackageAsync();
        var moved = PackageEditor.Edit(package, "tlog-proofs/5.tlog-proof", t => t.Replace("index 4\n", "index 5\n"), fixManifest: true);
        var recheckpointed = PackageEditor.Edit(package, "tlog-proofs/5.tlog-proof", t => t.Replace("\n10\n", "\n11\n"), fixManifest: true);

        Assert.Contains(Verify(moved).Findings, f => f.Problem == "names index 5, but the entry of seq 5 is at index 4");
        Assert.Equal("does not hold checkpoint.txt verbatim: its checkpoint differs", Assert.Single(Verify(recheckpointed).Findings).Problem);
    }

    [Fact]
    public async Task A_removed_tlog_proof_or_one_for_an_event_the_package_lacks_fails()
    {
        var package = await PackageAsync();
        var removed = PackageEditor.Forge(package, (files, m) =>
        {
            files.Remove("tlog-proofs/5.tlog-proof");
            return m;
        });
        var foreign = PackageEditor.Forge(package, (files, m) =>
        {
            files["tlog-proofs/9.tlog-proof"] = files["tlog-proofs/8.tlog-proof"];
            return m;
        });

        Assert.Equal("holds tlog-proofs for 5 of the 6 events of events.jsonl: either every event has one or none does", Assert.Single(Verify(removed).Findings).Problem);
        Assert.Equal("proves a seq that is neither in events.jsonl nor the export event", Assert.Single(Verify(foreign).Findings).Problem);
    }

    [Fact]
    public async Task Packages_above_the_limit_carry_no_per_event_tlog_proofs_and_still_verify()
    {
        using var big = new SamplePackage(logSize: PackageFiles.TlogProofEventLimit + 1);
        var package = await big.BuildAsync();

        Assert.DoesNotContain(PackageEditor.Unzip(package).Keys, n => n.StartsWith(PackageFiles.TlogProofsFolder, StringComparison.Ordinal));
        var report = EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = [big.Key.VerifierKey] });
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
    }
}
