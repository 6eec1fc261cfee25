using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Web.Diff;
using Bunit;

namespace AuditExplorer.Tests.Unit.Diff;

public class FieldDiffTableTests : MudTestContext
{
    private IRenderedComponent<FieldDiffTable> RenderTable(IReadOnlyList<FieldChange> changes) =>
        Render<FieldDiffTable>(p => p.Add(t => t.Changes, changes));

    [Fact]
    public void Each_change_renders_a_row_with_path_kind_label_and_values()
    {
        var cut = RenderTable(JsonStructuralDiff.Compare(
            """{"customer":{"city":"Berlin"},"items":[{"id":1,"qty":1}],"old":true}""",
            """{"customer":{"city":"Paris"},"items":[{"id":1,"qty":2}],"new":1}"""));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(4, rows.Count);
        var city = rows.Single(r => r.QuerySelector("th")!.TextContent.Contains("$.customer.city"));
        Assert.Equal("Changed", city.QuerySelectorAll("td")[0].TextContent.Trim());
        Assert.Equal("\"Berlin\"", city.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal("\"Paris\"", city.QuerySelectorAll("td")[2].TextContent.Trim());
        Assert.Contains(rows, r => r.TextContent.Contains("$.items[id=1].qty"));
        Assert.Equal(["Changed", "Changed", "Added", "Removed"], rows.Select(r => r.GetAttribute("data-kind")));
    }

    [Fact]
    public void Table_has_column_headers_and_an_accessible_name()
    {
        var cut = RenderTable([new FieldChange("$.a", FieldChangeKind.Added, null, "1")]);

        Assert.Equal(["Path", "Change", "Old value", "New value"], cut.FindAll("thead th").Select(h => h.TextContent));
        Assert.Equal("Field changes", cut.Find("[role=region]").GetAttribute("aria-label"));
        Assert.Contains("(none)", cut.Find("tbody tr").TextContent);
    }

    [Fact]
    public void Script_in_a_value_renders_as_text_not_markup()
    {
        var cut = RenderTable(JsonStructuralDiff.Compare("""{"note":"hi"}""", """{"note":"<script>alert(1)</script>"}"""));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup);
        Assert.Empty(cut.FindAll("script"));
    }

    [Fact]
    public void Redacted_values_show_the_marker_and_never_the_real_value()
    {
        var changes = new PersonalDataRedactor(RedactionPolicy.Redacting(["$.customer.email"])).RedactChanges(
            JsonStructuralDiff.Compare("""{"customer":{"email":"ann@example.com"}}""", """{"customer":{"email":"ann@example.org"}}"""));

        var cut = RenderTable(changes);

        Assert.Equal(2, cut.FindAll("tbody em").Count(e => e.TextContent == "redacted"));
        Assert.DoesNotContain("ann@example", cut.Markup);
    }

    [Fact]
    public void No_changes_shows_an_empty_state_instead_of_an_empty_table()
    {
        var cut = RenderTable([]);

        Assert.Empty(cut.FindAll("table"));
        Assert.Contains("No field changed.", cut.Markup);
    }

    [Fact]
    public void Very_long_values_are_cut_with_a_note()
    {
        var value = "\"" + new string('x', FieldDiffTable.ValueLimit + 500) + "\"";

        var cut = RenderTable([new FieldChange("$.big", FieldChangeKind.Added, null, value)]);

        Assert.Contains("(502 more characters)", cut.Markup);
    }

    [Fact]
    public void Long_lists_are_virtualized_so_not_every_row_is_rendered()
    {
        var changes = Enumerable.Range(0, 5_000)
            .Select(i => new FieldChange($"$.f{i}", FieldChangeKind.Added, null, "1"))
            .ToList();

        var cut = RenderTable(changes);

        Assert.InRange(cut.FindAll("tbody tr[data-kind]").Count, 1, 999);
    }

    [Fact]
    public void Hidden_characters_in_paths_and_values_show_as_markers_and_plain_values_show_none()
    {
        var cut = RenderTable(JsonStructuralDiff.Compare(
            """{"owner":"c-evil","pl\u200Ban":"basic"}""", """{"owner":"c-\u200Devil","pl\u200Ban":"pro"}"""));

        var rows = cut.FindAll("tbody tr");
        var owner = rows.Single(r => r.QuerySelector("th")!.TextContent.Contains("$.owner"));
        Assert.Empty(owner.QuerySelectorAll("td")[1].QuerySelectorAll(".hidden-char"));
        Assert.Equal("⟨U+200D⟩", owner.QuerySelectorAll("td")[2].QuerySelector(".hidden-char")!.TextContent);
        var plan = rows.Single(r => r.QuerySelector("th")!.TextContent.Contains("⟨U+200B⟩"));
        Assert.Equal("hidden character U+200B ZERO WIDTH SPACE", plan.QuerySelector("th .hidden-char")!.GetAttribute("title"));
        Assert.DoesNotContain('\u200D', cut.Markup);
        Assert.DoesNotContain('\u200B', cut.Markup);
    }
}
