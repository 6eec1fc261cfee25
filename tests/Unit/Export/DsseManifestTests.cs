using System.Text;
using System.Text.Json.Nodes;
using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// manifest.dsse.json: a DSSE envelope of an in-toto Statement over every file and the manifest's
/// claims, signed by the export key that the export's sealed access event records. Any change to a
/// claim, a file, the signature or the key is a one-line finding; without an export key there is none.
/// </summary>
public sealed class DsseManifestTests : IDisposable
{
    private readonly ExportSigningKey _exportKey = ExportSigningKey.Generate();
    private readonly SamplePackage _log;

    public DsseManifestTests() =>
        // Seq 10 is the export's access event (for seqs 1..6), recording the export key.
        _log = new(logSize: 10, make: i => i == 9 ? SamplePackage.ExportEvent(i, last: 6, _exportKey.VerifierKey) : SamplePackage.MakeEvent(i));

    public void Dispose()
    {
        _log.Dispose();
        _exportKey.Dispose();
    }

    private PackageVerificationReport Verify(byte[] package) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey] });

    private Task<byte[]> SignedAsync(ExportSigningKey? key = null) =>
        _log.BuildAsync(first: 1, last: 6, timeRange: false, exportEventSeq: 10, statementKey: key ?? _exportKey);

    [Fact]
    public void The_pre_authentication_encoding_is_the_dsse_specs()
    {
        var pae = DsseEnvelope.Pae("http://example.com/HelloWorld", "hello world"u8);

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public async Task A_signed_bound_package_verifies_and_its_statement_covers_every_other_file_and_the_claims()
    {
        var package = await SignedAsync();
        var files = PackageEditor.Unzip(package);

        var report = Verify(package);
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Empty(report.Warnings);
        var envelope = DsseEnvelope.Parse(files[PackageFiles.ManifestEnvelope]);
        Assert.True(envelope.IsSignedBy(_exportKey.VerifierKey));
        var statement = JsonNode.Parse(envelope.Payload)!;
        var subjects = statement["subject"]!.AsArray().Select(s => (string)s!["name"]!).ToHashSet();
        var listed = PackageManifest.Parse(files[PackageFiles.Manifest]).Files.Select(f => f.Name).ToHashSet();
        Assert.Contains(PackageFiles.ManifestEnvelope, listed);
        Assert.Equal(listed.Where(n => n != PackageFiles.ManifestEnvelope).ToHashSet(), subjects);
        Assert.Equal("annual audit", (string)statement["predicate"]!["reason"]!);
        Assert.Null(statement["predicate"]!["files"]);
    }

    [Fact]
    public async Task A_changed_claim_the_events_cannot_show_fails_on_the_signed_predicate()
    {
        // excluded_unsealed is not recomputable from the events; unsigned, it was the exporter's word.
        var forged = PackageEditor.Forge(await SignedAsync(), (_, m) => m with { Counts = m.Counts with { ExcludedUnsealed = 7 } });

        var finding = Assert.Single(Verify(forged).Findings);

        Assert.Equal(PackageFiles.ManifestEnvelope, finding.File);
        Assert.StartsWith("the signed claims differ from manifest.json in \"counts\"", finding.Problem);
    }

    [Fact]
    public async Task A_changed_file_with_a_rehashed_manifest_fails_on_its_subject_digest()
    {
        var package = await SignedAsync();
        var original = Verify(package);
        var forged = PackageEditor.Edit(package, PackageFiles.VerifyInstructions, t => t + "\nTrust the key in keys/.\n", fixManifest: true);

        var finding = Assert.Single(Verify(forged).Findings);

        Assert.True(original.IsValid);
        Assert.StartsWith("signs VERIFY.md with SHA-256 ", finding.Problem);
    }

    [Fact]
    public async Task A_package_re_signed_with_another_export_key_contradicts_the_sealed_access_event()
    {
        using var other = ExportSigningKey.Generate();
        var resigned = await SignedAsync(other);

        var finding = Assert.Single(Verify(resigned).Findings);

        Assert.Equal(PackageFiles.ExportKey, finding.File);
        Assert.Equal($"is {other.VerifierKey.Label}, but the export's sealed access event records export key {_exportKey.VerifierKey}", finding.Problem);
    }

    [Fact]
    public async Task A_removed_envelope_fails_when_the_access_event_recorded_an_export_key()
    {
        var stripped = PackageEditor.Forge(await SignedAsync(), (files, m) =>
        {
            files.Remove(PackageFiles.ManifestEnvelope);
            files.Remove(PackageFiles.ExportKey);
            return m;
        });

        var finding = Assert.Single(Verify(stripped).Findings);

        Assert.Equal(PackageFiles.ManifestEnvelope, finding.File);
        Assert.StartsWith("missing, but the export's sealed access event records export key", finding.Problem);
    }

    [Fact]
    public async Task A_changed_payload_no_longer_matches_its_signature()
    {
        var forged = PackageEditor.Edit(await SignedAsync(), PackageFiles.ManifestEnvelope, json =>
        {
            var envelope = JsonNode.Parse(json)!;
            var payload = Encoding.UTF8.GetString(Convert.FromBase64String((string)envelope["payload"]!)).Replace("annual audit", "annual audiT");
            envelope["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
            return envelope.ToJsonString();
        }, fixManifest: true);

        var findings = Verify(forged).Findings.Select(f => f.Problem).ToList();

        Assert.Contains($"no signature verifies with {_exportKey.VerifierKey.Label}: the envelope was changed or signed by another key", findings);
        Assert.Contains(findings, f => f.StartsWith("the signed claims differ from manifest.json in \"reason\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hostile_statement_is_a_list_of_findings_never_a_crash()
    {
        var forged = PackageEditor.Edit(await SignedAsync(), PackageFiles.ManifestEnvelope, json =>
        {
            var envelope = JsonNode.Parse(json)!;
            envelope["payload"] = Convert.ToBase64String("""{"_type":7,"subject":[1,{"name":5,"digest":"x"}],"predicate":[]}"""u8.ToArray());
            return envelope.ToJsonString();
        }, fixManifest: true);

        var findings = Verify(forged).Findings.Select(f => f.Problem).ToList();

        Assert.Contains("has a subject without name or sha256 digest", findings);
        Assert.Contains("has no predicate object", findings);
        Assert.DoesNotContain(findings, f => f.StartsWith("verification stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_export_key_there_is_no_envelope_and_an_unbound_signed_package_warns()
    {
        using var plain = new SamplePackage(logSize: 10);
        var unsigned = await plain.BuildAsync(first: 1, last: 6, timeRange: false);
        var unboundSigned = await plain.BuildAsync(first: 1, last: 6, timeRange: false, statementKey: _exportKey);
        var options = new PackageVerificationOptions { TrustedKeys = [plain.Key.VerifierKey] };

        var a = EvidencePackageVerifier.Verify(new MemoryStream(unsigned), options);
        var b = EvidencePackageVerifier.Verify(new MemoryStream(unboundSigned), options);

        Assert.DoesNotContain(PackageFiles.ManifestEnvelope, PackageEditor.Unzip(unsigned).Keys);
        Assert.True(a.IsValid && b.IsValid, string.Join("\n", a.Findings.Concat(b.Findings)));
        Assert.DoesNotContain(a.Warnings, w => w.Contains("dsse", StringComparison.Ordinal));
        Assert.Contains(b.Warnings, w => w.StartsWith("manifest.dsse.json is signed by an export key the log does not vouch for", StringComparison.Ordinal));
    }
}
