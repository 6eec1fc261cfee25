using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// Packages a forger could build without the log's signing key (issue 11): each must fail or at
/// least be Untrusted, with a finding that says why.
/// </summary>
public sealed class ForgedPackageTests : IDisposable
{
    private readonly SamplePackage _log = new(logSize: 10);

    public void Dispose() => _log.Dispose();

    private PackageVerificationReport Trusted(byte[] package, bool acceptV1 = false) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package),
            new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey], AcceptVersion1Boundaries = acceptV1 });

    private static string Describe(PackageVerificationReport report) => string.Join("\n", report.Findings);

    private static byte[] WithFilter(byte[] package, Func<ManifestFilter, ManifestFilter> change) =>
        PackageEditor.Forge(package, (_, m) => m with { Filter = change(m.Filter) });

    private DateTimeOffset TimeOf(int seq) => _log.Log[seq - 1].Event.OccurredAt;

    [Fact]
    public async Task A_package_re_signed_with_the_attackers_own_key_is_untrusted_without_a_key_and_fails_with_the_real_one()
    {
        using var attacker = CheckpointSigningKey.Generate("auditexplorer");
        var forged = await _log.BuildAsync(first: 3, last: 8, signer: attacker);
        var genuine = await _log.BuildAsync(first: 3, last: 8);

        var withoutKey = EvidencePackageVerifier.Verify(new MemoryStream(forged));
        var withRealKey = Trusted(forged);

        Assert.Equal(PackageVerdict.Untrusted, withoutKey.Verdict);
        Assert.Equal(attacker.VerifierKey.Label, withoutKey.SignedBy);
        Assert.Equal(PackageVerdict.Failed, withRealKey.Verdict);
        Assert.Contains(withRealKey.Findings, f => f.File == PackageFiles.Checkpoint && f.Problem.StartsWith("not signed by a trusted key", StringComparison.Ordinal));
        Assert.Equal(PackageVerdict.Trusted, Trusted(genuine).Verdict);
    }

    [Fact]
    public async Task A_widened_time_range_puts_the_neighbour_inside_it()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var widened = WithFilter(package, f => f with { From = TimeOf(2).AddSeconds(-1) });

        var report = Trusted(widened);

        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((PackageFiles.Boundaries, 2L), (finding.File, finding.Seq!.Value));
        Assert.Contains("inside the claimed range", finding.Problem);
    }

    [Fact]
    public async Task A_widened_end_of_the_range_is_caught_at_the_after_neighbour()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var widened = WithFilter(package, f => f with { To = TimeOf(9).AddSeconds(1) });

        var report = Trusted(widened);

        Assert.Contains(report.Findings, f => f is { File: PackageFiles.Boundaries, Seq: 9 } && f.Problem.Contains("inside the claimed range"));
    }

    [Fact]
    public async Task A_narrowed_time_range_leaves_events_outside_it_that_outside_range_does_not_count()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var narrowed = WithFilter(package, f => f with { From = TimeOf(5) });

        var report = Trusted(narrowed);

        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        Assert.Contains(report.Findings, f => f.Problem == "2 events occurred outside the claimed time range but counts.outside_range says 0");
        Assert.Contains(report.Findings, f => f.Seq == 3 && f.Problem.StartsWith("the first event of the span occurred at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_narrowed_range_with_a_forged_outside_range_count_still_fails_on_the_first_event()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var narrowed = PackageEditor.Forge(package, (_, m) => m with
        {
            Filter = m.Filter with { From = TimeOf(5) },
            Counts = m.Counts with { OutsideRange = 2 },
        });

        var report = Trusted(narrowed);

        var finding = Assert.Single(report.Findings);
        Assert.StartsWith("the first event of the span occurred at 2026-03-01T09:02:00.000123Z, outside the claimed range", finding.Problem);
    }

    [Fact]
    public async Task The_first_event_removed_and_relabelled_as_the_before_boundary_is_inside_the_range()
    {
        // What a forger can build from a genuine 3..8 package: drop seq 3, call it the "before"
        // neighbour (its proof is genuine), keep the claimed range.
        var package = await _log.BuildAsync(first: 4, last: 8);
        var relabelled = WithFilter(package, f => f with { From = TimeOf(3) });

        var report = Trusted(relabelled);

        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((PackageFiles.Boundaries, 3L), (finding.File, finding.Seq!.Value));
        Assert.Contains("the event before the span, occurred at 2026-03-01T09:02:00.000123Z, inside the claimed range", finding.Problem);
    }

    [Fact]
    public async Task Dropping_the_boundary_events_of_a_version_2_package_is_a_finding()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var stripped = PackageEditor.Forge(package, (files, m) =>
        {
            files.Remove(PackageFiles.Boundaries);
            return m;
        });

        var report = Trusted(stripped);

        Assert.Contains(report.Findings, f => f is { File: PackageFiles.Boundaries, Seq: 2 } && f.Problem.Contains("does not hold seq 2"));
        Assert.Contains(report.Findings, f => f is { File: PackageFiles.Boundaries, Seq: 9 } && f.Problem.Contains("does not hold seq 9"));
    }

    [Fact]
    public async Task Claiming_no_after_neighbour_when_the_checkpoint_has_one_is_a_finding()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var forged = PackageEditor.Forge(package, (_, m) => m with { Completeness = m.Completeness! with { AfterSeq = null } });

        var report = Trusted(forged);

        Assert.Contains(report.Findings, f => f.Problem == "the completeness claim names none as the event after the range, but under the checkpoint it is seq 9");
    }

    [Fact]
    public async Task A_version_1_range_package_relabelled_at_its_edge_fails_unless_hash_only_boundaries_are_accepted()
    {
        var genuine = await _log.BuildAsync(first: 3, last: 8, formatVersion: 1);
        var relabelled = WithFilter(await _log.BuildAsync(first: 4, last: 8, formatVersion: 1), f => f with { From = TimeOf(3) });

        var strict = Trusted(genuine);
        var accepted = Trusted(genuine, acceptV1: true);

        Assert.Equal(PackageVerdict.Failed, strict.Verdict);
        Assert.Contains("format version 1 proves the events before and after the range by leaf hash only", Assert.Single(strict.Findings).Problem);
        Assert.Equal(PackageVerdict.Trusted, accepted.Verdict);
        Assert.Single(accepted.Warnings, w => w.Contains("accepted as asked"));
        // The downgrade is exactly why it is not the default: with v1 accepted the relabelling goes unseen.
        Assert.Equal(PackageVerdict.Trusted, Trusted(relabelled, acceptV1: true).Verdict);
        Assert.Equal(PackageVerdict.Failed, Trusted(relabelled).Verdict);
    }

    [Fact]
    public async Task A_version_1_filtered_export_still_verifies()
    {
        var package = await _log.BuildAsync(first: 2, last: 6, timeRange: false, formatVersion: 1);

        var report = Trusted(package);

        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.DoesNotContain(report.Warnings, w => w.Contains("format version 1"));
    }

    [Fact]
    public async Task An_event_outside_the_claimed_filter_is_a_finding()
    {
        var package = await _log.BuildAsync(first: 1, last: 6, timeRange: false);
        var claimed = WithFilter(package, f => f with { ActorId = "usr_0" });

        var report = Trusted(claimed);

        // usr_0 wrote seqs 1 and 4; the other four events contradict the claim.
        Assert.Equal([2L, 3L, 5L, 6L], report.Findings.Where(f => f.Problem.Contains("actor \"usr_0\"")).Select(f => f.Seq!.Value));
        Assert.Equal(PackageVerdict.Trusted, Trusted(package).Verdict);
    }

    [Fact]
    public async Task A_filtered_export_with_an_event_outside_its_time_range_is_a_finding()
    {
        var package = await _log.BuildAsync(first: 1, last: 6, timeRange: false);
        var claimed = WithFilter(package, f => f with { To = TimeOf(6) });

        var report = Trusted(claimed);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(6L, finding.Seq);
        Assert.Contains("outside the claimed time range", finding.Problem);
    }

    [Fact]
    public async Task A_manifest_naming_another_checkpoint_key_is_a_finding()
    {
        var package = await _log.BuildAsync();
        var forged = PackageEditor.Forge(package, (_, m) => m with { Checkpoint = m.Checkpoint with { KeyId = "auditexplorer+00000000" } });

        var report = Trusted(forged);

        Assert.Equal("manifest.json: names checkpoint key auditexplorer+00000000, which did not sign checkpoint.txt", Assert.Single(report.Findings).ToString());
    }

    [Fact]
    public async Task Removing_the_completeness_claim_of_a_time_range_export_is_a_finding()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var forged = PackageEditor.Forge(package, (files, m) =>
        {
            files.Remove(PackageFiles.Boundaries);
            return m with { Completeness = null };
        });

        var report = Trusted(forged);

        Assert.Contains(report.Findings, f => f.Problem.StartsWith("claims a time-range (or whole-log) export but has no completeness claim", StringComparison.Ordinal));
    }
}
