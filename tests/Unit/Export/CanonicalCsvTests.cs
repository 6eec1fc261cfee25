using System.Text.Json;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using nietras.SeparatedValues;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// Format 4: events.csv's JSON columns hold the canonical text events.jsonl holds, so a spreadsheet
/// user sees the hashed values and a verifier compares every cell as text.
/// </summary>
public sealed class CanonicalCsvTests
{
    // Stored as an application might send it: spaces, keys out of order, an escaped character.
    private const string Stored = """{"note": "caf\u00e9", "amount": 1.50, "n": 1}""";

    private static SamplePackage Log() => new(3, i =>
    {
        var e = SamplePackage.MakeEvent(i);
        return new AuditEvent
        {
            TenantId = e.TenantId, Id = e.Id, OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt,
            ActorId = e.ActorId, ActorKind = e.ActorKind, Action = e.Action, ChangeKind = e.ChangeKind,
            EntityType = e.EntityType, EntityId = e.EntityId, OldValues = i == 0 ? null : e.OldValues,
            NewValues = Stored, Context = """{"ip": "203.0.113.7", "client_app": "tests"}""", SchemaVersion = e.SchemaVersion,
        };
    });

    private static List<string[]> CsvRows(byte[] package)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(PackageEditor.Text(package, PackageFiles.EventsCsv));
        var rows = new List<string[]>();
        foreach (var row in reader) rows.Add([row["old_values"].ToString(), row["new_values"].ToString(), row["context"].ToString()]);
        return rows;
    }

    private static List<string[]> JsonlValues(byte[] package) =>
        PackageEditor.Text(package, PackageFiles.EventsJsonLines).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement.GetProperty("event");
            string Cell(string name) => e.GetProperty(name) is { ValueKind: JsonValueKind.Null } ? "" : e.GetProperty(name).GetRawText();
            return new[] { Cell("old_values"), Cell("new_values"), Cell("context") };
        }).ToList();

    [Fact]
    public async Task Json_cells_hold_exactly_the_canonical_values_of_events_jsonl()
    {
        using var log = Log();
        var package = await log.BuildAsync();

        var csv = CsvRows(package);

        Assert.Equal(JsonlValues(package), csv);
        Assert.Equal("""{"amount":1.5,"n":1,"note":"café"}""", csv[1][1]);
        Assert.Equal("", csv[0][0]);
    }

    [Fact]
    public async Task Before_format_4_json_cells_hold_the_stored_text()
    {
        using var log = Log();
        var package = await log.BuildAsync(formatVersion: 3);

        var csv = CsvRows(package);

        Assert.Equal(Stored, csv[1][1]);
        Assert.NotEqual(JsonlValues(package)[1][1], csv[1][1]);
        Assert.True(EvidencePackageVerifier.Verify(new MemoryStream(package)).IsValid);
    }

    [Fact]
    public async Task From_format_4_an_equal_but_reformatted_json_cell_is_an_edit()
    {
        using var log = Log();
        var package = await log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsCsv, text => Replaced(text, "\"\"n\"\":1", "\"\"n\"\": 1"), fixManifest: true);

        var report = EvidencePackageVerifier.Verify(new MemoryStream(edited));

        Assert.Equal(Enumerable.Range(1, 3).Select(seq => (PackageFiles.EventsCsv, (long?)seq, "column new_values differs from events.jsonl")),
            report.Findings.Select(f => (f.File, f.Seq, f.Problem)));
    }

    [Fact]
    public async Task Before_format_4_an_equal_but_reformatted_json_cell_still_verifies()
    {
        using var log = Log();
        var package = await log.BuildAsync(formatVersion: 3);
        var edited = PackageEditor.Edit(package, PackageFiles.EventsCsv, text => Replaced(text, "\"\"n\"\": 1", "\"\"n\"\":1"), fixManifest: true);

        var report = EvidencePackageVerifier.Verify(new MemoryStream(edited));

        Assert.True(report.IsValid, string.Join("\n", report.Findings));
    }

    [Fact]
    public async Task The_assembler_refuses_a_manifest_of_another_csv_form()
    {
        using var log = Log();
        var manifest = PackageManifest.Parse(PackageEditor.Unzip(await log.BuildAsync())[PackageFiles.Manifest]);
        using var output = new MemoryStream();
        await using var assembler = new EvidencePackageAssembler(output, formatVersion: 3);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => assembler.FinishAsync(manifest, "", [], default));

        Assert.Contains("format 4", refused.Message);
    }

    /// <summary>The edit, asserting it changed something, so a test never passes on an untouched file.</summary>
    private static string Replaced(string text, string from, string to)
    {
        Assert.Contains(from, text);
        return text.Replace(from, to);
    }
}
