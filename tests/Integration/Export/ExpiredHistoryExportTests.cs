using AuditExplorer.Data.Export;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Tests.Integration.Retention;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export;

/// <summary>
/// A record export whose first remaining change links back to a change retention removed: with the
/// store's archive record covering that seq, the package says the earlier changes expired by policy and
/// names the archive; when the change was deleted outside retention, it is still missing.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class ExpiredHistoryExportTests(PostgresFixture db) : IDisposable
{
    private readonly RetentionTestbed _bed = new(db);

    public void Dispose() => _bed.Dispose();

    /// <summary>Five old-month events (one of record contract/c-0), two of today, then a change of contract/c-0 today linking back to the old one.</summary>
    private async Task<string> TenantWithRecordAcrossMonthsAsync(DateTimeOffset month)
    {
        var tenant = await _bed.TenantWithOldMonthAsync(month, periodMonths: 12);
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddSeconds(-30), entityId: "c-0", newValues: """{"step":"today"}""");
        }
        await _bed.SealAndCheckpointAsync(tenant);
        return tenant;
    }

    private async Task<PackageVerificationReport> ExportAndVerifyAsync(string tenant)
    {
        await _bed.SealAndCheckpointAsync(tenant);
        var path = Path.Combine(_bed.ArchiveFolder, $"record-{tenant}.zip");
        await using (var file = File.Create(path))
            await new EvidencePackageWriter(db.ReaderSource, _bed.Keyring).WriteAsync(new EvidencePackageRequest
            {
                TenantId = tenant, Filter = new TimelineFilter { EntityType = "contract", EntityId = "c-0" },
                ExporterSubjectId = "usr_auditor", Reason = "record history",
            }, file);
        return _bed.VerifyPackage(path);
    }

    [Fact]
    public async Task A_first_change_linking_into_an_archived_month_says_expired_by_policy_and_names_the_archive()
    {
        var month = new DateTimeOffset(1987, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var tenant = await TenantWithRecordAcrossMonthsAsync(month);
        var outcome = Assert.Single((await _bed.RunAsync(tenant)).Partitions);
        Assert.True(outcome.Dropped, outcome.Detail);
        var location = Assert.Single(outcome.ArchiveLocations);

        var report = await ExportAndVerifyAsync(tenant);

        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Empty(report.Findings);
        Assert.Contains(report.Warnings, w => w.StartsWith($"earlier changes of record contract/c-0 expired by policy, archived at {location}: seq ", StringComparison.Ordinal));
        Assert.Contains("Earlier changes expired by policy", report.History);
    }

    [Fact]
    public async Task A_first_change_linking_to_a_deleted_change_without_an_archive_record_is_missing()
    {
        var month = new DateTimeOffset(1987, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var tenant = await TenantWithRecordAcrossMonthsAsync(month);
        // A superuser removes the old change outside retention: no archive covers it, so it is missing.
        await using (var conn = new NpgsqlConnection(db.SuperUser))
        {
            await conn.OpenAsync();
            await new NpgsqlCommand("set session_replication_role = replica", conn).ExecuteNonQueryAsync();
            await using var delete = new NpgsqlCommand("delete from audit.events where tenant_id = $1 and entity_id = 'c-0' and occurred_at < now() - interval '1 year'", conn);
            delete.Parameters.AddWithValue(tenant);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        var report = await ExportAndVerifyAsync(tenant);

        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Matches(@"^seq \d+ of record contract/c-0 is missing: seq \d+ links back to it \(an event was dropped\)$", finding.Problem);
        Assert.DoesNotContain(report.Warnings, w => w.Contains("expired by policy", StringComparison.Ordinal));
    }
}
