using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export;

[Collection(StoreCollection.Name)]
public sealed class EvidencePackageExportTests(PostgresFixture db) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly CheckpointKeys _keys = NewKeys();

    /// <summary>A signing key whose keyring knows it, so a second checkpoint can verify the first (bound exports issue several).</summary>
    private static CheckpointKeys NewKeys()
    {
        var signer = CheckpointSigningKey.Generate("auditexplorer");
        return new CheckpointKeys(signer, new CheckpointKeyring([signer.VerifierKey]));
    }

    public void Dispose() => _keys.Dispose();

    private CheckpointKeyring Keyring => new([_keys.Signer.VerifierKey]);

    /// <summary>Appends events an hour apart through the write contract; returns their ids in order.</summary>
    private async Task<List<Guid>> AppendAsync(string tenant, int count, int startHour = 0, string entityId = "42", string action = "contract.update",
        string actor = "usr_1")
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
            ids.Add(await TestEvents.AppendAsync(conn, tenant, T0.AddHours(startHour + i), entityId: entityId, action: action, actor: actor,
                newValues: $$"""{"amount":{{i}},"note":"=HYPERLINK(\"http://x\")"}"""));
        return ids;
    }

    /// <summary>How many export access events the tenant's log holds (read as the owner, past row security).</summary>
    private async Task<long> ExportAccessEventsAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from audit.events where tenant_id = $1 and action = 'audit_log.export'", conn);
        count.Parameters.AddWithValue(tenant);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task SealAndCheckpointAsync(string tenant)
    {
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
        var issued = await new CheckpointIssuer(db.SealerSource, _keys).IssueAsync(tenant);
        Assert.NotNull(issued.Checkpoint);
    }

    private async Task<(byte[] Zip, EvidencePackageResult Result)> ExportAsync(string tenant, TimelineFilter filter, string? reason = "audit 2026",
        bool bind = false, double bindTimeoutSeconds = 60)
    {
        using var output = new MemoryStream();
        var result = await new EvidencePackageWriter(db.ReaderSource, Keyring).WriteAsync(new EvidencePackageRequest
        {
            TenantId = tenant,
            Filter = filter,
            ExporterSubjectId = "usr_auditor",
            Reason = reason,
            BatchSize = 3, // several batches even for a handful of events
            BindToLog = bind,
            BindTimeout = TimeSpan.FromSeconds(bindTimeoutSeconds),
        }, output);
        return (output.ToArray(), result);
    }

    private static List<JsonElement> JsonLines(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private PackageVerificationReport Verify(byte[] zip) =>
        EvidencePackageVerifier.Verify(new MemoryStream(zip), new PackageVerificationOptions { TrustedKeys = [_keys.Signer.VerifierKey] });

    [Fact]
    public async Task A_record_export_holds_exactly_that_records_events_and_verifies_offline()
    {
        var tenant = await db.CreateTenantAsync("exp");
        var record = await AppendAsync(tenant, 5, entityId: "42");
        await AppendAsync(tenant, 3, startHour: 10, entityId: "7");
        await SealAndCheckpointAsync(tenant);

        var (zip, result) = await ExportAsync(tenant, new TimelineFilter { EntityType = "contract", EntityId = "42" });

        var report = Verify(zip);
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Equal(record, JsonLines(zip, PackageFiles.EventsJsonLines).Select(l => Guid.Parse(l.GetProperty("event").GetProperty("id").GetString()!)));
        Assert.Equal(5, result.Manifest.Counts.Events);
        Assert.Equal(5, result.Manifest.Counts.CsvRows);
        Assert.Null(result.Manifest.Completeness);
        Assert.Equal(8, result.Manifest.Checkpoint.TreeSize);
    }

    [Fact]
    public async Task A_time_range_export_is_complete_with_its_neighbours_proven_and_a_removed_event_is_detected()
    {
        var tenant = await db.CreateTenantAsync("exp");
        var ids = await AppendAsync(tenant, 10);
        await SealAndCheckpointAsync(tenant);

        var (zip, result) = await ExportAsync(tenant, new TimelineFilter { From = T0.AddHours(2), To = T0.AddHours(8) });

        Assert.Equal(PackageVerdict.Trusted, Verify(zip).Verdict);
        Assert.DoesNotContain(Verify(zip).Warnings, w => w.Contains("format version 1"));
        Assert.Equal(PackageFiles.FormatVersion, result.Manifest.FormatVersion);
        Assert.Equal([(2L, ids[1]), (9L, ids[8])], JsonLines(zip, PackageFiles.Boundaries)
            .Select(l => (l.GetProperty("seq").GetInt64(), Guid.Parse(l.GetProperty("event").GetProperty("id").GetString()!))));
        Assert.Equal(ids[2..8], JsonLines(zip, PackageFiles.EventsJsonLines).Select(l => Guid.Parse(l.GetProperty("event").GetProperty("id").GetString()!)));
        Assert.Equal((3L, 8L, 2L, 9L), (result.Manifest.Completeness!.FirstSeq!.Value, result.Manifest.Completeness.LastSeq!.Value,
            result.Manifest.Completeness.BeforeSeq!.Value, result.Manifest.Completeness.AfterSeq!.Value));
        var boundaries = JsonLines(zip, PackageFiles.Proofs).Where(p => p.TryGetProperty("boundary", out _)).Select(p => p.GetProperty("seq").GetInt64());
        Assert.Equal([2L, 9L], boundaries);
        var range = JsonLines(zip, PackageFiles.Proofs).First();
        Assert.Equal((3L, 8L, 10L), (range.GetProperty("first_seq").GetInt64(), range.GetProperty("last_seq").GetInt64(), range.GetProperty("tree_size").GetInt64()));
        Assert.Equal(3, JsonLines(zip, PackageFiles.Proofs).Count()); // the span's range proof and the two neighbours' inclusion proofs

        var tampered = WithoutEventLine(zip, seq: 5);
        Assert.Contains(Verify(tampered).Findings, f => f.File == PackageFiles.EventsJsonLines && f.Problem == "seq 5 is missing: the time range is incomplete");
        var trimmed = WithoutEventLine(zip, seq: 8);
        Assert.Contains(Verify(trimmed).Findings, f => f.Problem == "the completeness claim names seqs 3 to 8 but events.jsonl holds seqs 3 to 7");
    }

    [Fact]
    public async Task An_actor_export_holds_only_that_actors_events_in_time_order_and_verifies()
    {
        var tenant = await db.CreateTenantAsync("exp");
        var mine = await AppendAsync(tenant, 3, actor: "usr_9");
        await AppendAsync(tenant, 2, startHour: 3, actor: "usr_2");
        mine.AddRange(await AppendAsync(tenant, 2, startHour: 5, entityId: "7", actor: "usr_9"));
        await SealAndCheckpointAsync(tenant);

        var (zip, result) = await ExportAsync(tenant, new TimelineFilter { ActorId = "usr_9" });

        var report = Verify(zip);
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Equal(mine, JsonLines(zip, PackageFiles.EventsJsonLines).Select(l => Guid.Parse(l.GetProperty("event").GetProperty("id").GetString()!)));
        Assert.Equal("usr_9", result.Manifest.Filter.ActorId);
        Assert.Null(result.Manifest.Completeness);
        using var archive = new ZipArchive(new MemoryStream(zip));
        Assert.Null(archive.GetEntry(PackageFiles.Boundaries));
    }

    [Fact]
    public async Task A_whole_log_export_has_no_neighbours_and_is_trusted_only_with_the_log_key()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, 4);
        await SealAndCheckpointAsync(tenant);

        var (zip, result) = await ExportAsync(tenant, new TimelineFilter());

        Assert.Equal((1L, 4L, (long?)null, (long?)null), (result.Manifest.Completeness!.FirstSeq!.Value, result.Manifest.Completeness.LastSeq!.Value,
            result.Manifest.Completeness.BeforeSeq, result.Manifest.Completeness.AfterSeq));
        Assert.Equal(PackageVerdict.Trusted, Verify(zip).Verdict);
        Assert.Equal(PackageVerdict.Untrusted, EvidencePackageVerifier.Verify(new MemoryStream(zip)).Verdict);
    }

    [Fact]
    public async Task A_bound_export_waits_until_its_access_event_is_checkpointed_and_a_changed_reason_then_fails()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, 4);
        await SealAndCheckpointAsync(tenant);

        var export = ExportAsync(tenant, new TimelineFilter { EntityType = "contract", EntityId = "42" }, reason: "subpoena 18", bind: true);
        var issued = new List<string>();
        while (!export.IsCompleted) // what the web app's sealer and checkpoint issuer do in the background
        {
            await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
            var r = await new CheckpointIssuer(db.SealerSource, _keys).IssueAsync(tenant);
            issued.Add($"{r.Status} {r.Checkpoint?.TreeSize} {r.Problem}");
            await Task.Delay(100);
        }
        Assert.True(export.IsCompletedSuccessfully, string.Join("\n", issued.Distinct()));
        var (zip, result) = await export;

        var report = Verify(zip);
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Empty(report.Warnings);
        var line = Assert.Single(JsonLines(zip, PackageFiles.ExportEvent));
        Assert.Equal(result.AccessEventId, Guid.Parse(line.GetProperty("event").GetProperty("id").GetString()!));
        Assert.Equal(5L, line.GetProperty("seq").GetInt64());
        Assert.Equal(5, result.Manifest.Checkpoint.TreeSize);

        var forged = Verify(WithManifest(zip, m => m with { Reason = "routine check" }));
        Assert.Contains(forged.Findings, f => f.File == PackageFiles.ExportEvent && f.Problem == "recorded reason \"subpoena 18\", but the manifest says \"routine check\"");
    }

    [Fact]
    public async Task A_bound_export_without_a_running_sealer_is_refused_after_its_timeout_with_the_access_event_recorded()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, 2);
        await SealAndCheckpointAsync(tenant);

        var ex = await Assert.ThrowsAsync<ExportRefusedException>(() => ExportAsync(tenant, new TimelineFilter(), bind: true, bindTimeoutSeconds: 1));

        Assert.Contains("was not sealed and covered by a checkpoint", ex.Message);
        Assert.Equal(1L, await ExportAccessEventsAsync(tenant));
    }

    [Fact]
    public async Task Events_no_checkpoint_covers_are_left_out_and_counted()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, 4);
        await SealAndCheckpointAsync(tenant);
        await AppendAsync(tenant, 2, startHour: 4);
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant); // sealed, but after the checkpoint

        var (zip, result) = await ExportAsync(tenant, new TimelineFilter());

        Assert.Equal(4, result.Manifest.Counts.Events);
        Assert.Equal(2, result.Manifest.Counts.ExcludedUnsealed);
        Assert.True(Verify(zip).IsValid);
    }

    [Fact]
    public async Task Exporting_is_recorded_as_an_access_event_with_filter_reason_and_row_count()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, 3);
        await SealAndCheckpointAsync(tenant);

        var (_, result) = await ExportAsync(tenant, new TimelineFilter { EntityType = "contract", EntityId = "42" }, reason: "subpoena 17");

        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select actor_id, action, change_kind, entity_type, entity_id, context::text from audit.events where tenant_id = $1 and id = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(result.AccessEventId);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("usr_auditor", "audit_log.export", "access", "contract", "42"),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        var context = JsonDocument.Parse(reader.GetString(5)).RootElement;
        Assert.Equal("subpoena 17", context.GetProperty("reason").GetString());
        Assert.Equal(3, context.GetProperty("row_count").GetInt64());
        Assert.Equal("42", context.GetProperty("filter").GetProperty("entity_id").GetString());
    }

    [Fact]
    public async Task When_the_access_event_cannot_be_written_no_package_is_produced()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, 3);
        await SealAndCheckpointAsync(tenant);
        const string signature = "audit.append_access_event(text, text, text, text, text, jsonb)";
        await SuperuserAsync($"revoke execute on function {signature} from auditexplorer_reader");
        try
        {
            using var output = new MemoryStream();
            var writer = new EvidencePackageWriter(db.ReaderSource, Keyring);
            await Assert.ThrowsAsync<AccessNotRecordedException>(() => writer.WriteAsync(
                new EvidencePackageRequest { TenantId = tenant, ExporterSubjectId = "usr_auditor" }, output));
            Assert.Equal(0, output.Length);
        }
        finally
        {
            await SuperuserAsync($"grant execute on function {signature} to auditexplorer_reader");
        }
        Assert.Equal(0L, await ExportAccessEventsAsync(tenant));
    }

    [Fact]
    public async Task A_cancelled_export_stops_between_batches_and_leaves_no_access_event()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, 6);
        await SealAndCheckpointAsync(tenant);
        using var cts = new CancellationTokenSource();
        var seen = new List<long>();
        var progress = new Reporter(p =>
        {
            seen.Add(p.RowsWritten);
            if (p.RowsWritten > 0) cts.Cancel();
        });

        using var output = new MemoryStream();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EvidencePackageWriter(db.ReaderSource, Keyring).WriteAsync(
            new EvidencePackageRequest { TenantId = tenant, ExporterSubjectId = "usr_auditor", BatchSize = 2 }, output, progress, cts.Token));

        Assert.Equal([0L, 2L], seen);
        Assert.Equal(0L, await ExportAccessEventsAsync(tenant));
    }

    /// <summary>Past the per-event proofs' limit a time-range export reads the next batch while it writes one.</summary>
    private const int ReadAheadEvents = PackageFiles.TlogProofEventLimit + 50;

    [Fact]
    public async Task A_large_time_range_export_reads_ahead_and_holds_every_event_once_in_seq_order()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, ReadAheadEvents);
        await SealAndCheckpointAsync(tenant);

        using var output = new MemoryStream();
        var result = await new EvidencePackageWriter(db.ReaderSource, Keyring).WriteAsync(
            new EvidencePackageRequest { TenantId = tenant, ExporterSubjectId = "usr_auditor", Reason = "audit 2026", BatchSize = 100 }, output);
        var zip = output.ToArray();

        var report = Verify(zip);
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Equal(Enumerable.Range(1, ReadAheadEvents).Select(i => (long)i),
            JsonLines(zip, PackageFiles.EventsJsonLines).Select(l => l.GetProperty("seq").GetInt64()));
        Assert.Equal((long)ReadAheadEvents, result.Manifest.Counts.CsvRows);
    }

    [Fact]
    public async Task A_cancelled_export_reading_ahead_stops_cleanly_and_the_next_export_works()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, ReadAheadEvents);
        await SealAndCheckpointAsync(tenant);
        using var cts = new CancellationTokenSource();
        var progress = new Reporter(p =>
        {
            if (p.RowsWritten >= 300) cts.Cancel();
        });

        using (var output = new MemoryStream())
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EvidencePackageWriter(db.ReaderSource, Keyring).WriteAsync(
                new EvidencePackageRequest { TenantId = tenant, ExporterSubjectId = "usr_auditor", Reason = "audit 2026", BatchSize = 100 }, output, progress, cts.Token));

        Assert.Equal(0L, await ExportAccessEventsAsync(tenant));
        // The same data source exports again (ExportBatchReaderTests pins the wait for a fetch under way).
        var (zip, _) = await ExportAsync(tenant, new TimelineFilter());
        Assert.True(Verify(zip).IsValid);
    }

    [Fact]
    public async Task A_tenant_without_a_checkpoint_cannot_export_yet()
    {
        var tenant = await db.CreateTenantAsync("exp");
        await AppendAsync(tenant, 2);

        var ex = await Assert.ThrowsAsync<ExportRefusedException>(() => ExportAsync(tenant, new TimelineFilter()));

        Assert.Contains("no signed checkpoint", ex.Message);
    }

    [Fact]
    public async Task A_tenant_that_requires_a_reason_refuses_an_export_without_one()
    {
        var tenant = await db.CreateTenantAsync("exp", requireReason: true);
        await AppendAsync(tenant, 2);
        await SealAndCheckpointAsync(tenant);

        var ex = await Assert.ThrowsAsync<ExportRefusedException>(() => ExportAsync(tenant, new TimelineFilter(), reason: null));

        Assert.Contains("requires a reason", ex.Message);
    }

    [Fact]
    public async Task Downloading_a_package_is_recorded_as_its_own_access_event()
    {
        var tenant = await db.CreateTenantAsync("exp");
        var exportEvent = Guid.NewGuid();

        var id = await new ExportDownloadRecorder(db.ReaderSource).RecordAsync(tenant, "usr_auditor", exportEvent, "abc123", "tests", default);

        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select action, change_kind, actor_id, context->>'export_event_id' from audit.events where tenant_id = $1 and id = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("audit_log.export_download", "access", "usr_auditor", exportEvent.ToString()),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
    }

    private async Task SuperuserAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The package with one event removed from events.jsonl, events.csv and proofs.jsonl, and the manifest re-hashed.</summary>
    private static byte[] WithoutEventLine(byte[] zip, long seq)
    {
        var files = new Dictionary<string, byte[]>();
        using (var archive = new ZipArchive(new MemoryStream(zip)))
            foreach (var e in archive.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                files[e.FullName] = m.ToArray();
            }
        string Drop(string name, Func<string, bool> isLine) =>
            string.Join('\n', Encoding.UTF8.GetString(files[name]).Split('\n').Where(l => !isLine(l)));
        var prefix = $"{{\"seq\":{seq},";
        files[PackageFiles.EventsJsonLines] = Encoding.UTF8.GetBytes(Drop(PackageFiles.EventsJsonLines, l => l.StartsWith(prefix, StringComparison.Ordinal)));
        files[PackageFiles.Proofs] = Encoding.UTF8.GetBytes(Drop(PackageFiles.Proofs, l => l.StartsWith(prefix, StringComparison.Ordinal)));
        files[PackageFiles.EventsCsv] = Encoding.UTF8.GetBytes(Drop(PackageFiles.EventsCsv, l => l.StartsWith($"{seq},", StringComparison.Ordinal)));
        var manifest = PackageManifest.Parse(files[PackageFiles.Manifest]);
        manifest = manifest with
        {
            Counts = manifest.Counts with { Events = manifest.Counts.Events - 1, CsvRows = manifest.Counts.CsvRows - 1, Proofs = manifest.Counts.Proofs - 1 },
            Files = manifest.Files.Select(f => f with
            {
                Bytes = files[f.Name].Length,
                Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(files[f.Name])),
            }).ToList(),
        };
        files[PackageFiles.Manifest] = manifest.ToJsonBytes();
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in files)
            {
                using var s = archive.CreateEntry(name).Open();
                s.Write(bytes);
            }
        return output.ToArray();
    }

    /// <summary>The package with its manifest changed and re-written, as a forger without the signing key could.</summary>
    private static byte[] WithManifest(byte[] zip, Func<PackageManifest, PackageManifest> change)
    {
        var files = new Dictionary<string, byte[]>();
        using (var archive = new ZipArchive(new MemoryStream(zip)))
            foreach (var e in archive.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                files[e.FullName] = m.ToArray();
            }
        files[PackageFiles.Manifest] = change(PackageManifest.Parse(files[PackageFiles.Manifest])).ToJsonBytes();
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in files)
            {
                using var s = archive.CreateEntry(name).Open();
                s.Write(bytes);
            }
        return output.ToArray();
    }

    /// <summary>Reports on the writer's thread, so the test sees progress in order.</summary>
    private sealed class Reporter(Action<ExportProgress> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value);
    }
}
