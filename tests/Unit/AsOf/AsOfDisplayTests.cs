using AuditExplorer.Data.AsOf;
using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Tests.Unit.AsOf;

public class AsOfDisplayTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Created = Guid.Parse("00000000-0000-0000-0000-000000000001");

    [Fact]
    public void A_ten_thousand_level_state_is_printed_with_personal_values_redacted()
    {
        const int depth = 10_000;
        var json = """{"email":"ann@example.com","deep":""" + new string('[', depth) + "\"leaf\"" + new string(']', depth) + "}";
        RecordChange[] history = [new(Created, T0, "create", null, json)];

        var shown = AsOfDisplay.Prepare(history, T0, ViewerPrivacy.For("usr_viewer", ["support"], ["$.email"]));

        Assert.Equal(RecordExistence.Exists, shown.State.Existence);
        Assert.DoesNotContain("ann@example.com", shown.PrettyJson);
        Assert.Contains("\"email\": \"redacted\"", shown.PrettyJson);
        Assert.Contains("\"leaf\"", shown.PrettyJson);
        Assert.Equal(depth, shown.PrettyJson!.Split('\n').Count(line => line.EndsWith('[')));
    }

    [Fact]
    public void A_state_too_deep_to_display_fails_before_anything_is_shown()
    {
        var depth = RecordStateReconstructor.MaxDepth + 10;
        RecordChange[] history = [new(Created, T0, "create", null, "{\"a\":" + new string('[', depth) + new string(']', depth) + "}")];

        var error = Assert.Throws<InvalidAuditJsonException>(
            () => AsOfDisplay.Prepare(history, T0, ViewerPrivacy.For("usr_viewer", ["compliance_officer"], [])));

        Assert.Contains("too deep to display", error.Message);
    }

    [Fact]
    public void A_record_not_yet_created_has_no_text()
    {
        RecordChange[] history = [new(Created, T0, "create", null, "{}")];

        var shown = AsOfDisplay.Prepare(history, T0.AddSeconds(-1), ViewerPrivacy.For("usr_viewer", ["compliance_officer"], []));

        Assert.Null(shown.PrettyJson);
    }
}
