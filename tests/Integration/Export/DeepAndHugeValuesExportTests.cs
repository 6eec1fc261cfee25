using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export;

/// <summary>
/// A record whose history holds values at the edges of what jsonb stores: 10,000 levels of objects and of arrays,
/// numbers beyond double range, a 2 MiB string. Its export must verify offline like any other.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class DeepAndHugeValuesExportTests(PostgresFixture db) : IDisposable
{
    private const int Depth = 10_000;
    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly CheckpointKeys _keys = new(CheckpointSigningKey.Generate("auditexplorer"), new CheckpointKeyring([]));

    public void Dispose() => _keys.Dispose();

    private static readonly string[] EdgeValues =
    [
        """{"status":"draft"}""",
        string.Concat(Enumerable.Repeat("{\"a\":", Depth)) + "1" + new string('}', Depth),
        "{\"a\":" + new string('[', Depth) + "1" + new string(']', Depth) + "}",
        """{"big":1e400,"tiny":1e-400,"neg":-12345678901234567890123456789e300}""",
        // The largest document the write contract accepts: exactly 2 MiB of jsonb text ({"blob": "…"}).
        "{\"blob\":\"" + new string('x', 2 * 1024 * 1024 - 12) + "\"}",
        """{"status":"final"}""",
    ];

    private async Task<string> RecordWithEdgeValuesAsync()
    {
        var tenant = await db.CreateTenantAsync("deep");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            for (var i = 0; i < EdgeValues.Length; i++)
                await TestEvents.AppendAsync(conn, tenant, T0.AddHours(i), entityId: "42", newValues: EdgeValues[i]);
            await TestEvents.AppendAsync(conn, tenant, T0.AddHours(9), entityId: "7", newValues: """{"other":true}""");
        }
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
        Assert.NotNull((await new CheckpointIssuer(db.SealerSource, _keys).IssueAsync(tenant)).Checkpoint);
        return tenant;
    }

    private async Task<byte[]> ExportRecordAsync(string tenant)
    {
        using var output = new MemoryStream();
        await new EvidencePackageWriter(db.ReaderSource, new CheckpointKeyring([_keys.Signer.VerifierKey])).WriteAsync(new EvidencePackageRequest
        {
            TenantId = tenant,
            Filter = new TimelineFilter { EntityType = "contract", EntityId = "42" },
            ExporterSubjectId = "usr_auditor",
            Reason = "edge values",
            BatchSize = 2,
        }, output);
        return output.ToArray();
    }

    private PackageVerificationReport Verify(byte[] zip) =>
        EvidencePackageVerifier.Verify(new MemoryStream(zip), new PackageVerificationOptions { TrustedKeys = [_keys.Signer.VerifierKey] });

    private static string Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task A_record_export_with_deep_huge_and_oversized_values_verifies_offline()
    {
        var tenant = await RecordWithEdgeValuesAsync();

        var zip = await ExportRecordAsync(tenant);

        var report = Verify(zip);
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Equal(EdgeValues.Length, report.EventsChecked);
        // The canonical form's documented exceptions are what was hashed: deep documents as their stored text,
        // oversized numbers as strings.
        var lines = Entry(zip, PackageFiles.EventsJsonLines).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var newValues = lines.Select(l => NewValuesKind(l)).ToList();
        Assert.Equal(["Object", "String", "String", "Object", "Object", "Object"], newValues);
        Assert.Contains("\"big\":\"1" + new string('0', 400) + "\"", lines[3]);
    }

    [Fact]
    public async Task A_deep_value_changed_in_the_csv_of_that_export_is_reported()
    {
        var tenant = await RecordWithEdgeValuesAsync();
        var zip = await ExportRecordAsync(tenant);

        var edited = ReplaceInCsv(zip, "[[1]]", "[[2]]");

        Assert.Contains(Verify(edited).Findings, f => f.File == PackageFiles.EventsCsv && f.Seq == 3 && f.Problem.Contains("new_values"));
    }

    private static string NewValuesKind(string line)
    {
        // Parsed with the verifier's own reader limits: the line must be readable at all for this to mean anything.
        var @event = EventJsonLine.Parse(Encoding.UTF8.GetBytes(line)).Event;
        using var document = JsonDocument.Parse(@event.NewValues!, new JsonDocumentOptions { MaxDepth = 2_000 });
        return document.RootElement.ValueKind.ToString();
    }

    /// <summary>Edits events.csv and re-hashes it in the manifest, as a careful forger would.</summary>
    private static byte[] ReplaceInCsv(byte[] zip, string from, string to)
    {
        var files = new Dictionary<string, byte[]>();
        using (var archive = new ZipArchive(new MemoryStream(zip)))
            foreach (var entry in archive.Entries)
            {
                using var s = entry.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                files[entry.FullName] = m.ToArray();
            }
        var csv = Encoding.UTF8.GetString(files[PackageFiles.EventsCsv]);
        Assert.Contains(from, csv);
        files[PackageFiles.EventsCsv] = Encoding.UTF8.GetBytes(csv.Replace(from, to));
        var manifest = PackageManifest.Parse(files[PackageFiles.Manifest]);
        files[PackageFiles.Manifest] = (manifest with
        {
            Files = manifest.Files.Select(f => f.Name == PackageFiles.EventsCsv
                ? f with { Bytes = files[f.Name].Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(files[f.Name])) }
                : f).ToList(),
        }).ToJsonBytes();
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in files)
            {
                using var s = archive.CreateEntry(name).Open();
                s.Write(bytes);
            }
        return output.ToArray();
    }
}
