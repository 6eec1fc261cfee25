using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export;

/// <summary>
/// Record and actor exports on real PostgreSQL prove their history through the sealed back links: a
/// bound record export is complete up to its own export event, and a dropped, cut-off or reordered
/// event is one finding with its seq. Time-range exports keep their seq-span proof.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class HistoryExportTests(PostgresFixture db) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly CheckpointKeys _keys = NewKeys();

    private static CheckpointKeys NewKeys()
    {
        var signer = CheckpointSigningKey.Generate("auditexplorer");
        return new CheckpointKeys(signer, new CheckpointKeyring([signer.VerifierKey]));
    }

    public void Dispose() => _keys.Dispose();

    /// <summary>contract/42 changed at seqs 1, 3, 5, 6 (by usr_1, usr_2, usr_1, usr_1); contract/7 at 2 and 4 (usr_2).</summary>
    private async Task<string> TenantWithHistoryAsync()
    {
        var tenant = await db.CreateTenantAsync("hist");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            string[] records = ["42", "7", "42", "7", "42", "42"];
            string[] actors = ["usr_1", "usr_2", "usr_2", "usr_2", "usr_1", "usr_1"];
            for (var i = 0; i < records.Length; i++)
                await TestEvents.AppendAsync(conn, tenant, T0.AddHours(i), entityId: records[i], actor: actors[i], newValues: $$"""{"step":{{i}}}""");
        }
        await SealAndCheckpointAsync(tenant);
        return tenant;
    }

    private async Task SealAndCheckpointAsync(string tenant)
    {
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
        await new CheckpointIssuer(db.SealerSource, _keys).IssueAsync(tenant);
    }

    private async Task<byte[]> ExportAsync(string tenant, TimelineFilter filter, bool bind)
    {
        using var output = new MemoryStream();
        var export = new EvidencePackageWriter(db.ReaderSource, new CheckpointKeyring([_keys.Signer.VerifierKey])).WriteAsync(new EvidencePackageRequest
        {
            TenantId = tenant, Filter = filter, ExporterSubjectId = "usr_auditor", Reason = "history", BatchSize = 2,
            BindToLog = bind, BindTimeout = TimeSpan.FromSeconds(60),
        }, output);
        while (!export.IsCompleted) // what the web app's sealer and checkpoint issuer do in the background
        {
            await SealAndCheckpointAsync(tenant);
            await Task.Delay(100);
        }
        await export;
        return output.ToArray();
    }

    private PackageVerificationReport Verify(byte[] zip) =>
        EvidencePackageVerifier.Verify(new MemoryStream(zip), new PackageVerificationOptions { TrustedKeys = [_keys.Signer.VerifierKey] });

    private static IEnumerable<string> Problems(PackageVerificationReport report) => report.Findings.Select(f => $"seq {f.Seq}: {f.Problem}");

    [Fact]
    public async Task A_bound_record_export_is_complete_up_to_its_export_event_and_a_dropped_or_cut_off_change_is_named()
    {
        var tenant = await TenantWithHistoryAsync();

        var zip = await ExportAsync(tenant, new TimelineFilter { EntityType = "contract", EntityId = "42" }, bind: true);

        var report = Verify(zip);
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Empty(report.Warnings);
        Assert.Equal("History of record contract/42 complete: all 4 changes up to the export's own event (seq 7) are here, each linked to the one before.", report.History);

        var dropped = Verify(PackageEdits.WithoutEvent(zip, 3));
        Assert.Equal(["seq 5: seq 3 of record contract/42 is missing: seq 5 links back to it (an event was dropped)"], Problems(dropped));
        Assert.Null(dropped.History);

        var cut = Verify(PackageEdits.WithoutEvent(zip, 6));
        Assert.Equal(["seq 7: seq 6, the newest change of record contract/42 before the export (seq 7), is missing: the history was cut short"], Problems(cut));

        var reordered = Verify(PackageEdits.WithFirstTwoEventsSwapped(zip));
        Assert.Contains(reordered.Findings, f => f.Seq == 1 && f.Problem.StartsWith("is out of order", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unbound_record_export_proves_its_links_but_says_its_tail_is_the_exporters_word()
    {
        var tenant = await TenantWithHistoryAsync();

        var zip = await ExportAsync(tenant, new TimelineFilter { EntityType = "contract", EntityId = "42" }, bind: false);

        var report = Verify(zip);
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Contains(report.Warnings, w => w.Contains("the tail is the exporter's word"));
        Assert.Empty(Verify(PackageEdits.WithoutEvent(zip, 6)).Findings); // a cut tail cannot show without the export event
        Assert.NotEmpty(Verify(PackageEdits.WithoutEvent(zip, 5)).Findings);
    }

    [Fact]
    public async Task An_actor_export_round_trips_and_a_dropped_change_of_the_actor_is_named()
    {
        var tenant = await TenantWithHistoryAsync();

        var zip = await ExportAsync(tenant, new TimelineFilter { ActorId = "usr_2" }, bind: true);

        var report = Verify(zip);
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Equal("History of actor usr_2: its 3 changes link back without a gap (newer changes are not proven absent).", report.History);
        Assert.Equal(["seq 4: seq 3 of actor usr_2 is missing: seq 4 links back to it (an event was dropped)"], Problems(Verify(PackageEdits.WithoutEvent(zip, 3))));
    }

    [Fact]
    public async Task A_time_range_export_of_format_2_events_round_trips_and_claims_no_history()
    {
        var tenant = await TenantWithHistoryAsync();

        var zip = await ExportAsync(tenant, new TimelineFilter { From = T0.AddHours(1), To = T0.AddHours(4) }, bind: true);

        var report = Verify(zip);
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Null(report.History);
        Assert.Equal((2L, 4L), (report.Manifest!.Completeness!.FirstSeq!.Value, report.Manifest.Completeness.LastSeq!.Value));
        Assert.Contains(Verify(PackageEdits.WithoutEvent(zip, 3)).Findings, f => f.Problem == "seq 3 is missing: the time range is incomplete");
    }
}
