using AuditExplorer.Data.Redaction;
using AuditExplorer.Web.Diff;
using Bunit;

namespace AuditExplorer.Tests.Unit.Diff;

public class ChangeViewerTests : MudTestContext
{
    private const string Old = """{"customer":{"email":"ann@example.com"},"status":"draft"}""";
    private const string New = """{"customer":{"email":"ann@example.org"},"status":"final"}""";

    private IRenderedComponent<ChangeViewer> RenderViewer(string? oldJson, string? newJson, RedactionPolicy policy) =>
        Render<ChangeViewer>(p => p
            .Add(v => v.OldJson, oldJson)
            .Add(v => v.NewJson, newJson)
            .Add(v => v.Policy, policy));

    [Fact]
    public void Fields_tab_lists_the_changes_with_a_count()
    {
        var cut = RenderViewer(Old, New, RedactionPolicy.FullView);

        Assert.Contains("Fields (2)", cut.Markup);
        Assert.Contains("ann@example.org", cut.Find("table").TextContent);
    }

    [Fact]
    public void Support_view_never_renders_the_personal_value_in_any_tab()
    {
        var cut = RenderViewer(Old, New, RedactionPolicy.Redacting(["$.customer.email"]));

        Assert.DoesNotContain("ann@example", cut.Markup);
        Assert.Contains("shown as \"redacted\" for your role", cut.Markup);
        Assert.Contains("final", cut.Markup);

        cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Text")).Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("td[data-kind]")));
        Assert.DoesNotContain("ann@example", cut.Markup);
        Assert.Contains("\"redacted\"", cut.Markup);
    }

    [Fact]
    public void Create_shows_every_field_as_added()
    {
        var cut = RenderViewer(null, New, RedactionPolicy.FullView);

        Assert.All(cut.FindAll("tbody tr"), r => Assert.Equal("Added", r.GetAttribute("data-kind")));
    }

    [Fact]
    public void Invalid_json_shows_a_message_instead_of_failing()
    {
        var cut = RenderViewer("{\"a\":", New, RedactionPolicy.FullView);

        Assert.Contains("These values cannot be compared. The old values are not valid JSON", cut.Find(".mud-alert").TextContent);
    }

    [Fact]
    public void Unreadable_personal_paths_hide_the_values_rather_than_leak_them()
    {
        var cut = RenderViewer(Old, New, RedactionPolicy.Redacting(["customer.email"]));

        Assert.Contains("Values are hidden", cut.Markup);
        Assert.DoesNotContain("ann@example", cut.Markup);
    }

    [Fact]
    public void Large_documents_are_compared_in_the_background_then_shown()
    {
        var big = "{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"field{i}\":\"value {i}\"")) + "}";
        var bigger = big.Replace("\"value 9999\"", "\"changed\"");

        var cut = RenderViewer(big, bigger, RedactionPolicy.FullView);

        cut.WaitForAssertion(() => Assert.Contains("Fields (1)", cut.Markup), TimeSpan.FromSeconds(30));
        Assert.Contains("\"changed\"", cut.Find("table").TextContent);
    }

    [Fact]
    public void A_missing_policy_is_a_programming_error_not_an_unredacted_view()
    {
        Assert.ThrowsAny<Exception>(() => Render<ChangeViewer>(p => p.Add(v => v.NewJson, New)));
    }
}
