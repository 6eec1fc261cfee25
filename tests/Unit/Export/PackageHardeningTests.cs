using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// The verifier fails closed on anything odd about the zip or the manifest: one line per finding,
/// never an exception, and never a pass.
/// </summary>
public sealed class PackageHardeningTests : IDisposable
{
    private readonly SamplePackage _log = new(logSize: 10);

    public void Dispose() => _log.Dispose();

    private PackageVerificationReport Verify(byte[] package, PackageLimits? limits = null) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package),
            new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey], Limits = limits ?? new PackageLimits() });

    private static void AssertOneLineFindings(PackageVerificationReport report)
    {
        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        Assert.All(report.Findings, f => Assert.DoesNotContain('\n', f.ToString()));
    }

    [Theory]
    [InlineData("../x", "path traversal")]
    [InlineData("keys/../../x.pub", "path traversal")]
    [InlineData("/abs", "absolute path")]
    [InlineData("C:/evil.txt", "drive letter")]
    [InlineData("keys\\evil.pub", "backslash")]
    [InlineData("evil\nname", "control characters")]
    public async Task A_listed_entry_with_an_unsafe_name_is_refused(string name, string problem)
    {
        var package = await _log.BuildAsync();
        var forged = PackageEditor.Forge(package, (files, m) =>
        {
            files[name] = PackageEditor.Bytes("payload");
            return m;
        });

        var report = Verify(forged);

        AssertOneLineFindings(report);
        Assert.Contains(report.Findings, f => f.File == PackageFiles.Manifest && f.Problem.Contains(problem));
        Assert.Contains(report.Findings, f => f.File != PackageFiles.Manifest && f.Problem.Contains(problem) && f.Problem.EndsWith("; not read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unlisted_entry_with_a_traversal_name_is_refused_too()
    {
        var files = PackageEditor.Unzip(await _log.BuildAsync());

        var report = Verify(PackageEditor.Zip([.. files.Select(f => (f.Key, f.Value)), ("../../etc/cron.d/x", PackageEditor.Bytes("x"))]));

        AssertOneLineFindings(report);
        Assert.Equal("../../etc/cron.d/x: has a '..' segment (path traversal); not read", Assert.Single(report.Findings).ToString());
    }

    [Fact]
    public async Task Duplicate_entry_names_are_a_finding_not_a_crash()
    {
        var files = PackageEditor.Unzip(await _log.BuildAsync());
        var entries = files.Select(f => (f.Key, f.Value)).ToList();
        entries.Add((PackageFiles.EventsJsonLines, PackageEditor.Bytes("{}\n")));
        entries.Add((PackageFiles.Manifest, files[PackageFiles.Manifest]));

        var report = Verify(PackageEditor.Zip(entries));

        AssertOneLineFindings(report);
        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsJsonLines && f.Problem.StartsWith("appears more than once", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.File == PackageFiles.Manifest && f.Problem.StartsWith("appears more than once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_event_line_with_extra_whitespace_is_not_canonical_even_though_its_hashes_match()
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, t => t.Replace("{\"seq\":2,\"hash\"", "{\"seq\": 2, \"hash\""), fixManifest: true);

        var report = Verify(edited);

        AssertOneLineFindings(report);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((PackageFiles.EventsJsonLines, 2L, 2L), (finding.File, finding.Line!.Value, finding.Seq!.Value));
        Assert.StartsWith("is not byte for byte the canonical line", finding.Problem);
    }

    [Fact]
    public async Task An_escaped_character_the_canonical_form_writes_as_is_is_not_canonical()
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, t => t.Replace("\"ip\":\"203.0.113.7\"", "\"ip\":\"203.0.113\\u002e7\""), fixManifest: true);

        var report = Verify(edited);

        // The hashes still match (the parsed value is the same), so only the byte comparison can see it.
        var lines = report.Findings.Where(f => f.File == PackageFiles.EventsJsonLines).ToList();
        Assert.Equal(10, lines.Count);
        Assert.All(lines, f => Assert.StartsWith("is not byte for byte the canonical line", f.Problem));
    }

    [Fact]
    public async Task A_last_line_without_its_newline_is_a_finding()
    {
        var package = await _log.BuildAsync();
        var cut = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, t => t.TrimEnd('\n'), fixManifest: true);

        var report = Verify(cut);

        Assert.Contains("does not end in a newline", Assert.Single(report.Findings).Problem);
    }

    [Theory]
    [InlineData("{", "{\n  \"signed_off_by\": \"ceo\",")]
    [InlineData("\"format_version\": 4", "\"format_version\": 5")]
    [InlineData("{", "{\n  \"tenant_id\": \"globex\",")]
    [InlineData("\"tenant_id\": \"acme\"", "\"tenant_id\": null")]
    public async Task A_manifest_with_an_unknown_or_repeated_member_or_an_unknown_version_is_refused(string from, string to)
    {
        var package = await _log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.Manifest, t =>
        {
            var i = t.IndexOf(from, StringComparison.Ordinal);
            Assert.True(i >= 0, t);
            return t[..i] + to + t[(i + from.Length)..];
        });

        var report = Verify(edited);

        AssertOneLineFindings(report);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(PackageFiles.Manifest, finding.File);
        Assert.True(finding.Problem.StartsWith("not a valid manifest", StringComparison.Ordinal) || finding.Problem.StartsWith("unknown package format", StringComparison.Ordinal), finding.Problem);
    }

    [Fact]
    public async Task An_oversized_checkpoint_is_refused_before_it_is_read()
    {
        var package = await _log.BuildAsync();
        var forged = PackageEditor.Forge(package, (files, m) =>
        {
            files[PackageFiles.Checkpoint] = [.. files[PackageFiles.Checkpoint], .. new byte[70_000]];
            return m;
        });

        var report = Verify(forged);

        AssertOneLineFindings(report);
        Assert.Contains(report.Findings, f => f.File == PackageFiles.Checkpoint && f.Problem.Contains("more than the 65536 bytes allowed"));
    }

    [Fact]
    public async Task An_event_line_longer_than_the_limit_stops_reading_with_a_finding()
    {
        var package = await _log.BuildAsync();

        var report = Verify(package, new PackageLimits { LineBytes = 200 });

        AssertOneLineFindings(report);
        Assert.Contains(report.Findings, f => f.Problem == "line 1 is longer than 200 bytes; reading stopped");
        Assert.True(Verify(package).IsValid);
    }

    [Fact]
    public async Task A_csv_far_larger_than_the_events_it_mirrors_is_not_read_to_the_end()
    {
        var package = await _log.BuildAsync();
        var padded = PackageEditor.Edit(package, PackageFiles.EventsCsv, t => t + "\"" + new string('x', 200_000) + "\"\r\n", fixManifest: true);

        var report = Verify(padded);

        AssertOneLineFindings(report);
        Assert.Contains(report.Findings, f => f.Problem.Contains("events.csv is larger than"));
    }

    [Fact]
    public async Task A_manifest_larger_than_a_mebibyte_is_refused()
    {
        var package = await _log.BuildAsync();
        var padded = PackageEditor.Edit(package, PackageFiles.Manifest, t => t + new string(' ', 1 << 20));

        var report = Verify(padded);

        AssertOneLineFindings(report);
        Assert.Contains(report.Findings, f => f.File == PackageFiles.Manifest && f.Problem.Contains("more than the 1048576 bytes allowed"));
    }
}
