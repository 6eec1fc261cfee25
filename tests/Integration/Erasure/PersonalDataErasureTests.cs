using System.Text.Json;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Erasure;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Tests.Integration.Integrity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Erasure;

[Collection(StoreCollection.Name)]
public sealed class PersonalDataErasureTests(PostgresFixture db)
{
    // Unique per test: the database is shared by the collection, and the erasure test scans all of it.
    private readonly string AnnEmail = $"ann.{Guid.NewGuid():N}@example.com";
    private readonly string AnnName = $"Ann Erasmus {Guid.NewGuid():N}";
    private readonly string BobEmail = $"bob.{Guid.NewGuid():N}@example.com";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly ChainTestbed _bed = new(db);


    /// <summary>A tenant whose $.customer.email and $.customer.name belong to the subject at $.customer.id.</summary>
    private async Task<string> PersonalTenantAsync()
    {
        var tenant = await db.CreateTenantAsync("pd");
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "insert into audit.personal_data_paths (tenant_id, path, subject_path) values ($1, '$.customer.email', '$.customer.id'), ($1, '$.customer.name', '$.customer.id')", conn);
        cmd.Parameters.AddWithValue(tenant);
        await cmd.ExecuteNonQueryAsync();
        return tenant;
    }

    private static string Order(string customerId, string email, string name, int total) =>
        JsonSerializer.Serialize(new { customer = new { id = customerId, email, name }, total });

    private async Task<Guid> AppendOrderAsync(string tenant, string customerId, string email, string name, int hour, string orderId = "o-1")
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        return await TestEvents.AppendAsync(conn, tenant, T0.AddHours(hour), entityType: "order", entityId: orderId, action: "order.update",
            oldValues: Order(customerId, "old." + email, name, 1), newValues: Order(customerId, email, name, 2));
    }

    private async Task<EventDetail> ReadDetailAsync(string tenant, Guid id)
    {
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, default);
        return (await EventDetailQuery.ReadAsync(ctx, tenant, id, default))!;
    }

    private async Task<List<Guid>> SearchAsync(string tenant, string text)
    {
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, default);
        return await TimelineSource.Filtered(ctx, tenant, new TimelineFilter { Text = text }).Select(e => e.Id).ToListAsync();
    }

    private async Task<string?> SearchedPersonalValueAsync(string tenant, string text)
    {
        await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, default);
        return await TimelineQuery.PersonalValueSearchedAsync(ctx, tenant, text, default);
    }

    private static string Everything(EventForViewer shown) =>
        string.Join("\n", shown.Changes!.Fields.Select(f => f.Path + "=" + f.OldValue + "->" + f.NewValue));

    private Task<List<string>> TablesContainingAsync(string text) => PlaintextScan.TablesContainingAsync(db.SuperUser, text);

    [Fact]
    public async Task Appended_personal_values_are_not_in_audit_events_but_a_tenant_without_paths_stores_them()
    {
        var tenant = await PersonalTenantAsync();
        var id = await AppendOrderAsync(tenant, "c-1", AnnEmail, AnnName, 0);
        var plainTenant = await db.CreateTenantAsync("plain");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, plainTenant, T0, newValues: Order("c-1", AnnEmail, AnnName, 2));
        }

        var rowText = await ChainTestbed.ScalarAsync<string>(db.SuperUser, "select e::text from audit.events e where tenant_id = $1 and id = $2", tenant, id);
        Assert.DoesNotContain(AnnEmail, rowText);
        Assert.DoesNotContain(AnnName, rowText);
        Assert.Contains("\"$personal\"", rowText);
        Assert.Contains("c-1", rowText); // the subject id is pseudonymous and stays
        var plainText = await ChainTestbed.ScalarAsync<string>(db.SuperUser, "select string_agg(e::text, '') from audit.events e where tenant_id = $1", plainTenant);
        Assert.Contains(AnnEmail, plainText);
        Assert.Equal(4L, await ChainTestbed.ScalarAsync<long>(db.SuperUser,
            "select count(*) from audit.all_personal_values where tenant_id = $1 and subject_id = 'c-1' and event_id = $2", tenant, id));

        // Once sealed, the search words of the tenant without paths hold the value, those of the tenant with paths do not.
        await _bed.Sealer.SealPendingAsync(tenant);
        await _bed.Sealer.SealPendingAsync(plainTenant);
        Assert.Equal(1L, await ChainTestbed.ScalarAsync<long>(db.SuperUser,
            "select count(*) from audit.event_words w where w.tenant_id = $1 and strpos(w::text, $2) > 0", plainTenant, AnnEmail));
        Assert.Equal(0L, await ChainTestbed.ScalarAsync<long>(db.SuperUser,
            "select count(*) from audit.event_words w where w.tenant_id = $1 and strpos(w::text, $2) > 0", tenant, AnnEmail));
        Assert.Contains("audit.event_words", await TablesContainingAsync(AnnEmail));
    }

    [Fact]
    public async Task An_officer_sees_the_personal_value_and_support_sees_it_redacted()
    {
        var tenant = await PersonalTenantAsync();
        var id = await AppendOrderAsync(tenant, "c-2", AnnEmail, AnnName, 1);
        var detail = await ReadDetailAsync(tenant, id);

        var officer = Everything(ViewerPrivacy.For("usr_alice", ["compliance_officer"], []).Show(detail));
        var support = Everything(ViewerPrivacy.For("usr_bob", ["support"], []).Show(detail));

        Assert.Contains(AnnEmail, officer);
        Assert.Contains("old." + AnnEmail, officer);
        Assert.DoesNotContain(AnnEmail, support);
        Assert.DoesNotContain("$personal", officer + support);
        // The same name in old and new values is no change, whatever the commitments' salts.
        Assert.DoesNotContain("$.customer.name", officer + support);
    }

    [Fact]
    public async Task Erasure_leaves_no_plaintext_of_the_subject_in_any_table_and_every_hash_proof_and_package_still_verifies()
    {
        var tenant = await PersonalTenantAsync();
        var annEvent = await AppendOrderAsync(tenant, "c-ann", AnnEmail, AnnName, 2, "o-ann");
        await AppendOrderAsync(tenant, "c-bob", BobEmail, "Bob Keeps", 3, "o-bob");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await using var subject = new NpgsqlCommand("select audit.upsert_subject($1, 'c-ann', $2, $3)", conn);
            subject.Parameters.AddWithValue(tenant);
            subject.Parameters.AddWithValue(AnnName);
            subject.Parameters.AddWithValue(AnnEmail);
            await subject.ExecuteNonQueryAsync();
        }
        await _bed.Sealer.SealPendingAsync(tenant);
        // Every sealed event has its words, so the scans below read them too.
        Assert.Equal(await ChainTestbed.ScalarAsync<long>(db.SuperUser, "select count(*) from audit.seals where tenant_id = $1", tenant),
            await ChainTestbed.ScalarAsync<long>(db.SuperUser, "select count(*) from audit.event_words where tenant_id = $1", tenant));
        Assert.NotNull((await _bed.CheckpointAsync(tenant)).Checkpoint);
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);
        using var before = new MemoryStream();
        await new EvidencePackageWriter(db.ReaderSource, _bed.Keyring).WriteAsync(new EvidencePackageRequest
        {
            TenantId = tenant, Filter = new TimelineFilter { EntityType = "order", EntityId = "o-ann" }, ExporterSubjectId = "usr_alice",
        }, before);
        Assert.Equal([annEvent], await SearchAsync(tenant, AnnEmail)); // exact match by blind index
        Assert.NotNull(await SearchedPersonalValueAsync(tenant, AnnEmail)); // recorded by blind index, not by text
        Assert.Null(await SearchedPersonalValueAsync(tenant, "invoice"));
        Assert.Contains("audit.personal_values", await TablesContainingAsync(AnnEmail));

        var erasureId = await SubjectEraser.EraseAsync(db.ReaderSource, new SubjectErasure(tenant, "c-ann", "usr_alice", "user", "GDPR request #42"), default);

        foreach (var text in new[] { AnnEmail, AnnName })
            Assert.Empty(await TablesContainingAsync(text));
        Assert.Contains("audit.personal_values", await TablesContainingAsync(BobEmail)); // the scan finds what is there
        Assert.Empty(await SearchAsync(tenant, AnnEmail));
        Assert.Null(await SearchedPersonalValueAsync(tenant, AnnEmail));
        var shown = ViewerPrivacy.For("usr_alice", ["compliance_officer"], []).Show(await ReadDetailAsync(tenant, annEvent));
        // Old and new e-mail are both erased now, so the field diff has no e-mail change; the side-by-side text shows it.
        Assert.DoesNotContain(shown.Changes!.Fields, f => f.Path.StartsWith("$.customer", StringComparison.Ordinal));
        Assert.Contains(shown.Changes.Text.SideBySide, l => l.NewText.Contains("\"email\": \"erased\"", StringComparison.Ordinal));
        var erasure = await ReadDetailAsync(tenant, erasureId);
        Assert.Equal(("audit_log.erase_subject", "subject", "c-ann", "usr_alice"),
            (erasure.Event.Action, erasure.Event.EntityType, erasure.Event.EntityId, erasure.Event.ActorId));
        Assert.Contains("GDPR request #42", erasure.Event.NewValues);

        await _bed.Sealer.SealPendingAsync(tenant);
        Assert.NotNull((await _bed.CheckpointAsync(tenant)).Checkpoint);
        Assert.True((await _bed.VerifyAsync(tenant)).Intact);
        var report = EvidencePackageVerifier.Verify(new MemoryStream(before.ToArray()), new PackageVerificationOptions { TrustedKeys = [_bed.Key.VerifierKey] });
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
    }

    [Fact]
    public async Task Erasing_an_unknown_subject_or_twice_or_without_a_reason_is_a_clear_error()
    {
        var tenant = await PersonalTenantAsync();
        await AppendOrderAsync(tenant, "c-once", AnnEmail, AnnName, 4);

        var unknown = await Assert.ThrowsAsync<SubjectErasureException>(() =>
            SubjectEraser.EraseAsync(db.ReaderSource, new SubjectErasure(tenant, "c-nobody", "usr_alice", "user", "ticket 1"), default));
        Assert.True(unknown.IsUnknownSubject);
        Assert.Contains("has no subject \"c-nobody\"", unknown.Message);
        var noReason = await Assert.ThrowsAsync<SubjectErasureException>(() =>
            SubjectEraser.EraseAsync(db.ReaderSource, new SubjectErasure(tenant, "c-once", "usr_alice", "user", " "), default));
        Assert.False(noReason.IsUnknownSubject);
        Assert.Contains("needs a reason", noReason.Message);

        await SubjectEraser.EraseAsync(db.ReaderSource, new SubjectErasure(tenant, "c-once", "usr_alice", "user", "ticket 2"), default);
        var twice = await Assert.ThrowsAsync<SubjectErasureException>(() =>
            SubjectEraser.EraseAsync(db.ReaderSource, new SubjectErasure(tenant, "c-once", "usr_alice", "user", "ticket 3"), default));
        Assert.Contains("already erased", twice.Message);
    }

    [Fact]
    public async Task A_writer_cannot_forge_a_commitment_nor_append_a_personal_value_without_its_subject()
    {
        var tenant = await PersonalTenantAsync();
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        var forged = await Assert.ThrowsAsync<PostgresException>(() =>
            TestEvents.AppendAsync(conn, tenant, T0, newValues: """{"customer":{"id":"c-1","email":{"$personal":"00"}}}"""));
        Assert.Equal("AE052", forged.SqlState);
        var orphan = await Assert.ThrowsAsync<PostgresException>(() =>
            TestEvents.AppendAsync(conn, tenant, T0, newValues: """{"customer":{"email":"x@example.com"}}"""));
        Assert.Equal("AE051", orphan.SqlState);
        Assert.Contains("$.customer.id", orphan.MessageText);
    }

    private async Task<byte[]> ExportAsync(string tenant, TimelineFilter filter, bool reveal)
    {
        using var output = new MemoryStream();
        await new EvidencePackageWriter(db.ReaderSource, _bed.Keyring).WriteAsync(new EvidencePackageRequest
        {
            TenantId = tenant, Filter = filter, ExporterSubjectId = "usr_alice", RevealPersonalValues = reveal, BatchSize = 2,
        }, output);
        return output.ToArray();
    }

    private PackageVerificationReport VerifyPackage(byte[] zip) =>
        EvidencePackageVerifier.Verify(new MemoryStream(zip), new PackageVerificationOptions { TrustedKeys = [_bed.Key.VerifierKey] });

    private static string Entry(byte[] zip, string name)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        if (archive.GetEntry(name) is not { } entry) return "";
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The zip with one entry's text replaced and the manifest's hash of it updated, so only the deeper checks can notice.</summary>
    private static byte[] Rewrite(byte[] zip, string name, Func<string, string> change)
    {
        var files = new Dictionary<string, byte[]>();
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip)))
            foreach (var e in archive.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                files[e.FullName] = m.ToArray();
            }
        var changed = System.Text.Encoding.UTF8.GetBytes(change(System.Text.Encoding.UTF8.GetString(files[name])));
        var manifest = PackageManifest.Parse(files[PackageFiles.Manifest]);
        manifest = manifest with
        {
            Files = [.. manifest.Files.Select(f => f.Name == name
                ? new ManifestFile(name, changed.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(changed))) : f)],
        };
        files[name] = changed;
        files[PackageFiles.Manifest] = manifest.ToJsonBytes();
        using var output = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (n, bytes) in files)
            {
                using var s = archive.CreateEntry(n).Open();
                s.Write(bytes);
            }
        return output.ToArray();
    }

    [Fact]
    public async Task An_officers_package_carries_values_the_verifier_checks_against_the_commitments_and_a_redacted_one_verifies_without_them()
    {
        var tenant = await PersonalTenantAsync();
        await AppendOrderAsync(tenant, "c-pkg", AnnEmail, AnnName, 5, "o-pkg");
        await _bed.Sealer.SealPendingAsync(tenant);
        Assert.NotNull((await _bed.CheckpointAsync(tenant)).Checkpoint);
        var filter = new TimelineFilter { EntityType = "order", EntityId = "o-pkg" };

        var officer = await ExportAsync(tenant, filter, reveal: true);
        var redacted = await ExportAsync(tenant, filter, reveal: false);

        Assert.Equal(PackageVerdict.Trusted, VerifyPackage(officer).Verdict);
        Assert.Equal(PackageVerdict.Trusted, VerifyPackage(redacted).Verdict);
        Assert.Contains(AnnEmail, Entry(officer, PackageFiles.PersonalValues));
        Assert.Equal(4, Entry(officer, PackageFiles.PersonalValues).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(AnnEmail, System.Text.Encoding.UTF8.GetString(redacted));
        Assert.Equal("", Entry(redacted, PackageFiles.PersonalValues));

        var forged = VerifyPackage(Rewrite(officer, PackageFiles.PersonalValues, text => text.Replace(AnnEmail, "mallory@example.com")));
        Assert.Equal(PackageVerdict.Failed, forged.Verdict);
        Assert.Contains(forged.Findings, f => f.File == PackageFiles.PersonalValues && f.Problem.Contains("do not open its commitment"));
    }

    [Fact]
    public async Task A_subject_access_report_exports_every_event_naming_the_subject_as_actor_or_in_personal_values()
    {
        var tenant = await PersonalTenantAsync();
        var asCustomer = await AppendOrderAsync(tenant, "c-sar", AnnEmail, AnnName, 6, "o-sar");
        await AppendOrderAsync(tenant, "c-other", BobEmail, "Bob Keeps", 7, "o-other");
        Guid asActor;
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            asActor = await TestEvents.AppendAsync(conn, tenant, T0.AddHours(8), actor: "c-sar", newValues: """{"note":"changed by the customer"}""");
        }
        await _bed.Sealer.SealPendingAsync(tenant);
        Assert.NotNull((await _bed.CheckpointAsync(tenant)).Checkpoint);

        var report = await ExportAsync(tenant, new TimelineFilter { SubjectId = "c-sar" }, reveal: true);

        var verdict = VerifyPackage(report);
        Assert.True(verdict.Verdict == PackageVerdict.Trusted, string.Join("; ", verdict.Findings));
        var events = Entry(report, PackageFiles.EventsJsonLines);
        Assert.Contains(asCustomer.ToString(), events);
        Assert.Contains(asActor.ToString(), events);
        Assert.Equal(2, events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(BobEmail, Entry(report, PackageFiles.PersonalValues));
        Assert.Contains(AnnEmail, Entry(report, PackageFiles.PersonalValues));
    }

    [Fact]
    public async Task The_as_of_state_shows_the_value_to_an_officer_redacted_to_support_and_erased_after_erasure()
    {
        var tenant = await PersonalTenantAsync();
        await AppendOrderAsync(tenant, "c-asof", AnnEmail, AnnName, 9, "o-asof");
        async Task<(string Officer, string Support)> StatesAsync()
        {
            await using var ctx = AuditStoreOptions.CreateContext(db.ReaderSource);
            await using var tx = await TenantScope.BeginAsync(ctx, tenant, default);
            var moment = T0.AddDays(1);
            var history = await RecordHistoryQuery.ReadAsync(ctx, tenant, "order", "o-asof", moment, default);
            var personal = await PersonalValueQuery.ForHistoryAsync(ctx, tenant, history, default);
            return (AuditExplorer.Data.AsOf.AsOfDisplay.Prepare(history, moment, ViewerPrivacy.For("usr_alice", ["compliance_officer"], []), personal).PrettyJson!,
                AuditExplorer.Data.AsOf.AsOfDisplay.Prepare(history, moment, ViewerPrivacy.For("usr_bob", ["support"], []), personal).PrettyJson!);
        }

        var (officer, support) = await StatesAsync();
        Assert.Contains(AnnEmail, officer);
        Assert.DoesNotContain(AnnEmail, support);
        Assert.Contains("\"redacted\"", support);

        await SubjectEraser.EraseAsync(db.ReaderSource, new SubjectErasure(tenant, "c-asof", "usr_alice", "user", "ticket 4"), default);
        (officer, _) = await StatesAsync();
        Assert.DoesNotContain(AnnEmail, officer);
        Assert.Contains("\"email\": \"erased\"", officer);
    }
}
