using System.Text.Json.Nodes;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Export;

public sealed class EvidencePackageVerifierTests : IDisposable
{
    private readonly SamplePackage _log = new(logSize: 10);

    public void Dispose() => _log.Dispose();

    private static PackageVerificationReport Verify(byte[] package, params CheckpointVerifierKey[] trusted) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = trusted });

    private static string Describe(PackageVerificationReport report) => string.Join("\n", report.Findings);

    private static Func<string, string> ReplaceFirst(string from, string to) => text =>
    {
        var i = text.IndexOf(from, StringComparison.Ordinal);
        return text[..i] + to + text[(i + from.Length)..];
    };

    [Fact]
    public async Task An_untouched_package_is_trusted_only_with_the_pinned_key_and_untrusted_with_its_own()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);

        var own = Verify(package);
        var pinned = Verify(package, _log.Key.VerifierKey);

        Assert.True(own.IsValid, Describe(own));
        Assert.Equal(PackageVerdict.Untrusted, own.Verdict);
        Assert.True(pinned.IsValid, Describe(pinned));
        Assert.Equal(PackageVerdict.Trusted, pinned.Verdict);
        Assert.Equal(6, pinned.EventsChecked);
        Assert.Equal(3, pinned.ProofsChecked); // one range proof of the six events and the two neighbours
        Assert.True(pinned.KeyPinned);
        Assert.Equal(_log.Key.VerifierKey.Label, pinned.SignedBy);
    }

    [Fact]
    public async Task An_edited_csv_cell_is_reported_with_its_row_seq_and_column()
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsCsv, ReplaceFirst(",usr_2,", ",usr_9,"), fixManifest: true);

        var report = Verify(edited);

        var finding = Assert.Single(report.Findings);
        Assert.Equal((PackageFiles.EventsCsv, 4L, 3L), (finding.File, finding.Line!.Value, finding.Seq!.Value));
        Assert.Contains("actor_id", finding.Problem);
    }

    [Fact]
    public async Task An_edited_csv_cell_without_a_forged_manifest_also_fails_the_file_hash()
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsCsv, ReplaceFirst(",usr_2,", ",usr_9,"));

        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsCsv && f.Problem.Contains("SHA-256"));
        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsCsv && f.Seq == 3 && f.Problem.Contains("actor_id"));
    }

    [Fact]
    public async Task An_edited_json_value_breaks_that_events_hashes()
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, j => j.Replace("\"amount\":15", "\"amount\":16"), fixManifest: true);

        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f is { File: PackageFiles.EventsJsonLines, Line: 2, Seq: 2 } && f.Problem.Contains("leaf hash"));
        Assert.Contains(report.Findings, f => f is { File: PackageFiles.EventsJsonLines, Line: 2, Seq: 2 } && f.Problem.Contains("chain hash"));
        Assert.DoesNotContain(report.Findings, f => f.Seq is not null && f.Seq != 2);
    }

    [Fact]
    public async Task A_dropped_line_of_a_time_range_package_shows_as_a_missing_seq()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var edited = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, PackageEditor.DropLine(3), fixManifest: true);

        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsJsonLines && f.Seq == 6 && f.Problem == "seq 5 is missing: the time range is incomplete");
        Assert.False(report.IsValid);
    }

    [Fact]
    public async Task Dropping_the_last_event_of_a_range_is_detected_too()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var edited = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, PackageEditor.DropLine(6), fixManifest: true);

        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f.Seq == 8 && f.Problem == "seq 8 is missing: the time range is incomplete");
    }

    [Fact]
    public async Task Swapped_proofs_do_not_lead_to_the_checkpoint_root()
    {
        var package = await _log.BuildAsync(timeRange: false); // per-event proofs: filtered packages
        var edited = PackageEditor.Edit(package, PackageFiles.Proofs, text =>
        {
            var lines = text.Split('\n');
            var a = JsonNode.Parse(lines[1])!;
            var b = JsonNode.Parse(lines[2])!;
            (a["path"], b["path"]) = (b["path"]!.DeepClone(), a["path"]!.DeepClone());
            lines[1] = a.ToJsonString();
            lines[2] = b.ToJsonString();
            return string.Join('\n', lines);
        }, fixManifest: true);

        var report = Verify(edited);

        Assert.Equal(
            [(2L, 2L), (3L, 3L)],
            report.Findings.Where(f => f.Problem.Contains("checkpoint root")).Select(f => (f.Line!.Value, f.Seq!.Value)).ToList());
        Assert.All(report.Findings, f => Assert.Equal(PackageFiles.Proofs, f.File));
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_key_fails_against_the_trusted_key()
    {
        using var impostor = CheckpointSigningKey.Generate("auditexplorer");
        var package = await _log.BuildAsync(signer: impostor);

        var report = Verify(package, _log.Key.VerifierKey);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(PackageFiles.Checkpoint, finding.File);
        Assert.StartsWith("not signed by a trusted key", finding.Problem);
        Assert.Equal(PackageVerdict.Failed, report.Verdict);
    }

    [Fact]
    public async Task A_forged_signature_line_fails_even_with_the_packages_own_key()
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.Checkpoint, note => note.Replace("\n10\n", "\n11\n"), fixManifest: true);

        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.Checkpoint && f.Problem.Contains("does not verify"));
    }

    [Fact]
    public async Task A_truncated_zip_gives_a_clear_verdict_instead_of_an_exception()
    {
        var package = await _log.BuildAsync();

        var report = Verify(package[..(package.Length / 2)]);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("package", finding.File);
        Assert.Contains("truncated or corrupt", finding.Problem);
    }

    [Fact]
    public void A_missing_file_is_reported_not_thrown()
    {
        var report = EvidencePackageVerifier.Verify(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".zip"));

        Assert.Contains("cannot open the package", Assert.Single(report.Findings).Problem);
    }

    [Fact]
    public async Task The_manifest_names_tenant_reason_counts_checkpoint_and_the_hash_of_every_other_file()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var files = PackageEditor.Unzip(package);

        var manifest = PackageManifest.Parse(files[PackageFiles.Manifest]);

        Assert.Equal(("acme", "annual audit", "usr_auditor", PackageFiles.FormatVersion), (manifest.TenantId, manifest.Reason, manifest.Exporter.SubjectId, manifest.FormatVersion));
        Assert.Equal(new ManifestCounts(6, 6, 3, 2, 0, 0), manifest.Counts); // proofs: the range proof and two neighbours
        Assert.Equal((3L, 8L, 2L, 9L), (manifest.Completeness!.FirstSeq!.Value, manifest.Completeness.LastSeq!.Value,
            manifest.Completeness.BeforeSeq!.Value, manifest.Completeness.AfterSeq!.Value));
        Assert.Equal(10, manifest.Checkpoint.TreeSize);
        Assert.Equal(files.Keys.Where(k => k != PackageFiles.Manifest).Order(), manifest.Files.Select(f => f.Name).Order());
        foreach (var f in manifest.Files)
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(files[f.Name])), f.Sha256);
        Assert.Contains("keys/auditexplorer+", string.Join(",", files.Keys));
    }

    [Fact]
    public async Task Events_jsonl_holds_exactly_the_canonical_bytes_the_hashes_cover()
    {
        var package = await _log.BuildAsync();
        var line = PackageEditor.Text(package, PackageFiles.EventsJsonLines).Split('\n')[0];

        var canonical = System.Text.Encoding.UTF8.GetString(EventCanonicalForm.Encode(_log.Log[0].Event, 1));

        Assert.EndsWith(",\"event\":" + canonical + "}", line);
    }
}
