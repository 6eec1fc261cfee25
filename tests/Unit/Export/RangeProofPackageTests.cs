using System.Text.Json.Nodes;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// Format 3: a time-range package proves its seq span with one range proof (the first line of
/// proofs.jsonl). It verifies with a few dozen hashes for any number of events, and fails when the
/// events are swapped for a self-consistent forgery, when the proof is changed or names another span,
/// or when a per-event-proof package is relabelled as format 3. Format 2 packages still verify.
/// </summary>
public sealed class RangeProofPackageTests : IDisposable
{
    private readonly SamplePackage _log = new(logSize: 10);

    public void Dispose() => _log.Dispose();

    private PackageVerificationReport Verify(byte[] package) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = [_log.Key.VerifierKey] });

    private static string Describe(PackageVerificationReport report) => string.Join("\n", report.Findings);

    private static Func<string, string> EditFirstProofLine(Action<JsonObject> change) => text =>
    {
        var lines = text.Split('\n');
        var range = JsonNode.Parse(lines[0])!.AsObject();
        change(range);
        lines[0] = range.ToJsonString();
        return string.Join('\n', lines);
    };

    [Fact]
    public async Task A_time_range_package_proves_its_span_with_one_line_before_the_neighbours()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);

        var report = Verify(package);
        var lines = PackageEditor.Text(package, PackageFiles.Proofs).TrimEnd('\n').Split('\n');

        Assert.True(report.IsValid, Describe(report));
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Equal(3, lines.Length);
        var range = JsonNode.Parse(lines[0])!;
        Assert.Equal((3L, 8L, 10L), (range["first_seq"]!.GetValue<long>(), range["last_seq"]!.GetValue<long>(), range["tree_size"]!.GetValue<long>()));
        // Leaves [0, 2): one subtree; [8, 10): one subtree.
        Assert.Equal((1, 1), (range["left"]!.AsArray().Count, range["right"]!.AsArray().Count));
        Assert.Equal(["before", "after"], lines.Skip(1).Select(l => JsonNode.Parse(l)!["boundary"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Events_swapped_for_a_self_consistent_forgery_do_not_lead_to_the_checkpoint_root()
    {
        // The forger rewrites seq 7 and re-chains every later event: each line's hashes match its
        // content and each prev_hash its predecessor, so only the checkpoint's tree can tell.
        using var forged = new SamplePackage(logSize: 10, make: i =>
        {
            var e = SamplePackage.MakeEvent(i);
            return i == 6 ? new AuditEvent
            {
                TenantId = e.TenantId, Id = e.Id, OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, ActorId = e.ActorId,
                ActorKind = e.ActorKind, Action = e.Action, ChangeKind = e.ChangeKind, EntityType = e.EntityType, EntityId = e.EntityId,
                OldValues = e.OldValues, NewValues = """{"amount":1}""", Context = e.Context,
            } : e;
        });
        var genuine = await _log.BuildAsync(first: 3, last: 10);
        var forgery = PackageEditor.Unzip(await forged.BuildAsync(first: 3, last: 10));
        var edited = PackageEditor.Forge(genuine, (files, manifest) =>
        {
            files[PackageFiles.EventsJsonLines] = forgery[PackageFiles.EventsJsonLines];
            files[PackageFiles.EventsCsv] = forgery[PackageFiles.EventsCsv];
            return manifest;
        });

        var report = Verify(edited);

        var finding = Assert.Single(report.Findings, f => f.File == PackageFiles.Proofs);
        Assert.Equal(1L, finding.Line);
        Assert.DoesNotContain(report.Findings, f => f.File == PackageFiles.EventsJsonLines); // every line is self-consistent
        Assert.Equal("seqs 3 to 10: the leaves and the proof's hashes do not lead to the checkpoint root: an event was changed, added or removed", finding.Problem);
        Assert.True(Verify(genuine).IsValid);
    }

    [Fact]
    public async Task A_changed_hash_of_the_range_proof_fails_even_with_the_manifest_rehashed()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var edited = PackageEditor.Edit(package, PackageFiles.Proofs,
            EditFirstProofLine(r => r["right"]![0] = Convert.ToBase64String(new byte[32])), fixManifest: true);

        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.Proofs && f.Problem.Contains("do not lead to the checkpoint root"));
        Assert.False(report.IsValid);
    }

    [Fact]
    public async Task A_range_proof_of_another_span_or_tree_is_a_finding()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var shifted = PackageEditor.Edit(package, PackageFiles.Proofs, EditFirstProofLine(r => r["first_seq"] = 4), fixManifest: true);
        var resized = PackageEditor.Edit(package, PackageFiles.Proofs, EditFirstProofLine(r => r["tree_size"] = 11), fixManifest: true);

        Assert.Contains(Verify(shifted).Findings, f => f.Problem == "the range proof covers seqs 4 to 8, not the claimed span 3 to 8");
        Assert.Contains(Verify(resized).Findings, f => f.Problem == "the range proof is for a tree of 11, not the checkpoint's tree of 10");
    }

    [Fact]
    public async Task A_format_2_package_still_verifies_and_relabelled_as_format_3_fails()
    {
        var v2 = await _log.BuildAsync(first: 3, last: 8, formatVersion: 2);
        var relabelled = PackageEditor.Edit(v2, PackageFiles.Manifest, m => m.Replace("\"format_version\": 2", "\"format_version\": 3"), fixManifest: true);

        var report = Verify(v2);
        var relabelledReport = Verify(relabelled);

        Assert.True(report.IsValid, Describe(report));
        Assert.Equal(8, report.ProofsChecked); // six events and the two neighbours, one proof each
        Assert.Contains(relabelledReport.Findings, f => f.File == PackageFiles.Proofs && f.Line == 1
            && f.Problem.StartsWith("the first line is not the range proof of seqs 3 to 8", StringComparison.Ordinal));
        Assert.False(relabelledReport.IsValid);
    }

    [Fact]
    public async Task An_event_added_inside_the_span_breaks_the_proof()
    {
        var package = await _log.BuildAsync(first: 3, last: 8);
        var duplicated = PackageEditor.Edit(package, PackageFiles.EventsJsonLines, text =>
        {
            var lines = text.Split('\n').ToList();
            lines.Insert(2, lines[1]);
            return string.Join('\n', lines);
        }, fixManifest: true);

        var report = Verify(duplicated);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.Proofs && f.Line == 1
            && f.Problem.StartsWith("events.jsonl line 3 holds seq 4 where the range proof expects seq 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_thousand_events_are_proven_by_one_short_line()
    {
        using var big = new SamplePackage(logSize: 2100);
        var package = await big.BuildAsync(first: 50, last: 2049);

        var report = EvidencePackageVerifier.Verify(new MemoryStream(package), new PackageVerificationOptions { TrustedKeys = [big.Key.VerifierKey] });
        var proofs = PackageEditor.Unzip(package)[PackageFiles.Proofs];

        Assert.True(report.IsValid, Describe(report));
        Assert.Equal(2000, report.EventsChecked);
        // Range line (at most 2·12 hashes of 44 characters) and two boundary proofs of 12 hashes each.
        Assert.InRange(proofs.Length, 500, 4 * 1024);
        Assert.DoesNotContain(PackageEditor.Unzip(package).Keys, k => k.StartsWith(PackageFiles.TlogProofsFolder, StringComparison.Ordinal));
    }
}
