using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export;

/// <summary>
/// A bound record export on real PostgreSQL, written with an export key, carries C2SP tlog-proofs and a
/// DSSE manifest that this verifier accepts and that an independent Node.js verifier (built-in crypto
/// only, tests/Integration/Export/verify-standard-forms.mjs) accepts too; each refuses a tampered copy.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class StandardFormsExportTests(PostgresFixture db) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly CheckpointKeys _keys = NewKeys();
    private readonly ExportSigningKey _exportKey = ExportSigningKey.Generate();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ae-standard-forms-");

    private static CheckpointKeys NewKeys()
    {
        var signer = CheckpointSigningKey.Generate("auditexplorer");
        return new CheckpointKeys(signer, new CheckpointKeyring([signer.VerifierKey]));
    }

    public void Dispose()
    {
        _keys.Dispose();
        _exportKey.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task SealAndCheckpointAsync(string tenant)
    {
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
        await new CheckpointIssuer(db.SealerSource, _keys).IssueAsync(tenant);
    }

    private Task<(string Tenant, byte[] Zip)> BoundRecordExportAsync(bool includeAccess = false) =>
        BoundExportAsync(4, new TimelineFilter { EntityType = "contract", EntityId = "42", IncludeAccessEvents = includeAccess });

    /// <summary>Appends <paramref name="events"/> changes an hour apart (records 42 and 7 in turn), then exports bound to the log.</summary>
    private async Task<(string Tenant, byte[] Zip)> BoundExportAsync(int events, TimelineFilter filter)
    {
        var tenant = await db.CreateTenantAsync("std");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            for (var i = 0; i < events; i++)
                await TestEvents.AppendAsync(conn, tenant, T0.AddHours(i), entityId: i % 2 == 0 ? "42" : "7", newValues: $$"""{"step":{{i}}}""");
        }
        await SealAndCheckpointAsync(tenant);
        using var output = new MemoryStream();
        var export = new EvidencePackageWriter(db.ReaderSource, new CheckpointKeyring([_keys.Signer.VerifierKey]), _exportKey).WriteAsync(new EvidencePackageRequest
        {
            TenantId = tenant, Filter = filter,
            ExporterSubjectId = "usr_auditor", Reason = "standard forms", BindToLog = true, BindTimeout = TimeSpan.FromSeconds(60),
        }, output);
        while (!export.IsCompleted) // what the sealer and checkpoint issuer do in the background
        {
            await SealAndCheckpointAsync(tenant);
            await Task.Delay(100);
        }
        await export;
        return (tenant, output.ToArray());
    }

    private async Task<(int Exit, string Output)> NodeAsync(string folder, long seq)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(PostgresFixture.RepoRoot(), "tests", "Integration", "Export", "verify-standard-forms.mjs"));
        start.ArgumentList.Add(folder);
        start.ArgumentList.Add(seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(_keys.Signer.VerifierKey.ToString());
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        return (node.ExitCode, await stdout + await stderr);
    }

    private string Unzip(byte[] zip, string name)
    {
        var folder = Path.Combine(_folder.FullName, name);
        ZipFile.ExtractToDirectory(new MemoryStream(zip), folder);
        return folder;
    }

    [Fact]
    public async Task A_bound_record_export_verifies_here_and_with_an_independent_node_verifier_and_both_refuse_tampering()
    {
        var (_, zip) = await BoundRecordExportAsync();
        var report = EvidencePackageVerifier.Verify(new MemoryStream(zip), new PackageVerificationOptions { TrustedKeys = [_keys.Signer.VerifierKey] });
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
        Assert.Empty(report.Warnings);
        var folder = Unzip(zip, "original");
        // Seq 3 is the record's second change; seq 5 is the export's own access event.
        Assert.True(File.Exists(Path.Combine(folder, "tlog-proofs", "3.tlog-proof")));
        Assert.True(File.Exists(Path.Combine(folder, "tlog-proofs", "5.tlog-proof")));
        var context = File.ReadAllText(Path.Combine(folder, PackageFiles.ExportEvent));
        Assert.Contains($"\"export_key\":\"{_exportKey.VerifierKey}\"", context);

        var (exit, output) = await NodeAsync(folder, 3);
        var (exportExit, exportOutput) = await NodeAsync(folder, 5);
        Assert.True(exit == 0, output);
        Assert.True(exportExit == 0, exportOutput);
        Assert.Contains("tlog-proof of seq 3 verifies", output);
        Assert.Contains("manifest.dsse.json verifies", output);

        // A changed hash in the tlog-proof: the path no longer leads to the signed root.
        var tampered = Unzip(zip, "tampered-proof");
        var proofFile = Path.Combine(tampered, "tlog-proofs", "3.tlog-proof");
        var lines = File.ReadAllText(proofFile).Split('\n');
        lines[2] = Convert.ToBase64String(new byte[32]);
        File.WriteAllText(proofFile, string.Join('\n', lines));
        var (tamperedExit, tamperedOutput) = await NodeAsync(tampered, 3);
        Assert.Equal(1, tamperedExit);
        Assert.Contains("does not lead to the checkpoint root", tamperedOutput);

        // A changed claim in the signed statement: the DSSE signature fails.
        var resigned = Unzip(zip, "tampered-envelope");
        var envelopeFile = Path.Combine(resigned, PackageFiles.ManifestEnvelope);
        var envelope = DsseEnvelope.Parse(File.ReadAllBytes(envelopeFile));
        var payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(envelope.Payload).Replace("standard forms", "standard formz", StringComparison.Ordinal));
        File.WriteAllBytes(envelopeFile, (envelope with { Payload = payload }).ToJsonBytes());
        var (envelopeExit, envelopeOutput) = await NodeAsync(resigned, 3);
        Assert.Equal(1, envelopeExit);
        Assert.Contains("dsse: no signature verifies", envelopeOutput);
    }

    [Fact]
    public async Task The_tlog_proof_and_envelope_fail_in_this_verifier_too_when_tampered_with_a_rehashed_manifest()
    {
        var (_, zip) = await BoundRecordExportAsync();
        var forged = PackageEdits.WithFile(zip, "tlog-proofs/3.tlog-proof", text =>
        {
            var lines = text.Split('\n');
            lines[2] = Convert.ToBase64String(new byte[32]);
            return string.Join('\n', lines);
        });

        var report = EvidencePackageVerifier.Verify(new MemoryStream(forged), new PackageVerificationOptions { TrustedKeys = [_keys.Signer.VerifierKey] });

        Assert.Equal(PackageVerdict.Failed, report.Verdict);
        Assert.Contains(report.Findings, f => f.File == "tlog-proofs/3.tlog-proof" && f.Problem == "the inclusion proof does not lead to the checkpoint root");
        // The statement signed the original digest of that file.
        Assert.Contains(report.Findings, f => f.File == PackageFiles.ManifestEnvelope && f.Problem.StartsWith("signs tlog-proofs/3.tlog-proof with SHA-256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_record_export_holding_its_own_export_event_has_one_tlog_proof_for_it()
    {
        var (_, zip) = await BoundRecordExportAsync(includeAccess: true);

        using var archive = new ZipArchive(new MemoryStream(zip));
        var names = archive.Entries.Select(e => e.FullName).ToList();
        var report = EvidencePackageVerifier.Verify(new MemoryStream(zip), new PackageVerificationOptions { TrustedKeys = [_keys.Signer.VerifierKey] });

        Assert.Equal(3, report.Manifest!.Counts.Events); // two changes and the export event itself
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains("tlog-proofs/5.tlog-proof", names);
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Equal(PackageVerdict.Trusted, report.Verdict);
    }

    [Fact]
    public async Task A_time_range_exports_range_proof_verifies_with_the_independent_node_verifier_which_refuses_a_changed_or_missing_event()
    {
        // Seqs 2..5 in the range, 1 and 6 its neighbours, 7 the export's own event.
        var (_, zip) = await BoundExportAsync(6, new TimelineFilter { From = T0.AddHours(1), To = T0.AddHours(5) });
        var report = EvidencePackageVerifier.Verify(new MemoryStream(zip), new PackageVerificationOptions { TrustedKeys = [_keys.Signer.VerifierKey] });
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        var folder = Unzip(zip, "range");

        var (exit, output) = await NodeAsync(folder, 7);
        Assert.True(exit == 0, output);
        Assert.Contains("range proof of seqs 2 to 5 verifies at size 7", output);

        var changed = Unzip(zip, "range-changed");
        var events = Path.Combine(changed, PackageFiles.EventsJsonLines);
        File.WriteAllText(events, File.ReadAllText(events).Replace("{\"step\":3}", "{\"step\":9}", StringComparison.Ordinal));
        var (changedExit, changedOutput) = await NodeAsync(changed, 7);
        Assert.Equal(1, changedExit);
        Assert.Contains("range proof: the events do not lead to the checkpoint root", changedOutput);

        var dropped = Unzip(zip, "range-dropped");
        events = Path.Combine(dropped, PackageFiles.EventsJsonLines);
        File.WriteAllLines(events, File.ReadAllLines(events).Where(l => !l.StartsWith("{\"seq\":4,", StringComparison.Ordinal)));
        var (droppedExit, droppedOutput) = await NodeAsync(dropped, 7);
        Assert.Equal(1, droppedExit);
        Assert.Contains("range proof: events.jsonl holds seq 5 where seq 4 belongs", droppedOutput);
    }
}
