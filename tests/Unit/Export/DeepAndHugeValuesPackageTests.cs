using AuditExplorer.Data.Export;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>
/// Packages holding values at the edges of the canonical form (docs/event-format.md): documents nested deeper than
/// it accepts are hashed as their stored text, numbers beyond double range as strings; both must still verify.
/// </summary>
public class DeepAndHugeValuesPackageTests
{
    private const int Depth = 10_000;

    private static readonly string DeepObjects = string.Concat(Enumerable.Repeat("{\"a\": ", Depth)) + "1" + new string('}', Depth);
    private static readonly string DeepArrays = "{\"a\": " + new string('[', Depth) + "1" + new string(']', Depth) + "}";
    private static readonly string JustCanonical = "{\"a\": " + new string('[', 998) + "1" + new string(']', 998) + "}";
    private static readonly string Oversized = "{\"n\": 1" + new string('0', 400) + ", \"m\": 1e-400}";
    private static readonly string Huge = "{\"blob\": \"" + new string('x', 2 * 1024 * 1024) + "\"}";

    private static SamplePackage LogWith(params string[] newValues) =>
        new(newValues.Length, i => WithNewValues(SamplePackage.MakeEvent(i), newValues[i]));

    private static AuditEvent WithNewValues(AuditEvent e, string newValues) => new()
    {
        TenantId = e.TenantId, Id = e.Id, OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt,
        ActorId = e.ActorId, ActorKind = e.ActorKind, Action = e.Action, ChangeKind = e.ChangeKind,
        EntityType = e.EntityType, EntityId = e.EntityId, OldValues = e.OldValues, NewValues = newValues,
        Context = e.Context, SchemaVersion = e.SchemaVersion,
    };

    private static PackageVerificationReport Verify(byte[] package) =>
        EvidencePackageVerifier.Verify(new MemoryStream(package));

    [Theory]
    [InlineData("deep objects")]
    [InlineData("deep arrays")]
    [InlineData("just canonical")]
    [InlineData("oversized numbers")]
    [InlineData("2 MiB")]
    public async Task A_package_with_such_a_value_verifies(string which)
    {
        var value = which switch
        {
            "deep objects" => DeepObjects,
            "deep arrays" => DeepArrays,
            "just canonical" => JustCanonical,
            "oversized numbers" => Oversized,
            _ => Huge,
        };
        using var log = LogWith("{\"n\": 1}", value, "{\"n\": 2}");

        var report = Verify(await log.BuildAsync());

        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Equal(3, report.EventsChecked);
    }

    /// <summary>
    /// How the deep document's innermost object reads in events.csv: its stored text before format 4,
    /// from format 4 on the canonical form's string of that text (quotes JSON-escaped, then CSV-doubled).
    /// </summary>
    private static string InnermostCsvText(int formatVersion, string value) =>
        formatVersion >= PackageFiles.CanonicalCsvFormatVersion ? $"{{\\\"\"a\\\"\": {value}}}" : $"{{\"\"a\"\": {value}}}";

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_changed_deep_csv_cell_is_still_reported(int formatVersion)
    {
        using var log = LogWith("{\"n\": 1}", DeepObjects);
        var package = await log.BuildAsync(formatVersion: formatVersion);
        var edited = PackageEditor.Edit(package, PackageFiles.EventsCsv,
            text => Replaced(text, InnermostCsvText(formatVersion, "1"), InnermostCsvText(formatVersion, "2")), fixManifest: true);

        var report = Verify(edited);

        var finding = Assert.Single(report.Findings);
        Assert.Equal((PackageFiles.EventsCsv, 2L), (finding.File, finding.Seq!.Value));
        Assert.Contains("new_values", finding.Problem);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_deep_csv_cell_cut_short_is_not_mistaken_for_stored_text(int formatVersion)
    {
        using var log = LogWith("{\"n\": 1}", DeepObjects);
        var package = await log.BuildAsync(formatVersion: formatVersion);
        var edited = PackageEditor.Edit(package, PackageFiles.EventsCsv,
            text => Replaced(text, InnermostCsvText(formatVersion, "1") + "}", InnermostCsvText(formatVersion, "1")), fixManifest: true);

        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsCsv && f.Problem.Contains("new_values"));
    }

    /// <summary>The edit, asserting it changed something, so a test never passes on an untouched file.</summary>
    private static string Replaced(string text, string from, string to)
    {
        Assert.Contains(from, text);
        return text.Replace(from, to);
    }

    [Fact]
    public async Task A_changed_oversized_number_in_csv_is_reported()
    {
        using var log = LogWith(Oversized);
        var package = await log.BuildAsync();
        var edited = PackageEditor.Edit(package, PackageFiles.EventsCsv, text => text.Replace("1" + new string('0', 400), "2" + new string('0', 400)), fixManifest: true);

        var report = Verify(edited);

        Assert.Contains(report.Findings, f => f.File == PackageFiles.EventsCsv && f.Problem.Contains("new_values"));
    }
}
