using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Web.Diff;
using Bunit;

namespace AuditExplorer.Tests.Unit.Diff;

public class ChangeViewerTests : MudTestContext
{
    private const string Old = """{"customer":{"email":"ann@example.com"},"status":"draft"}""";
    private const string New = """{"customer":{"email":"ann@example.org"},"status":"final"}""";

    private static EventForViewer Shown(string? oldJson, string? newJson, string role, params string[] personalPaths) =>
        ViewerPrivacy.For("viewer", [role], personalPaths).Show(new EventDetail(new AuditEvent
        {
            TenantId = "t", ActorId = "usr_1", ActorKind = "user", Action = "contract.update", ChangeKind = "update",
            EntityType = "contract", EntityId = "42", OldValues = oldJson, NewValues = newJson,
        }, null, []));

    private IRenderedComponent<ChangeViewer> RenderViewer(EventForViewer shown) =>
        Render<ChangeViewer>(p => p.Add(v => v.Comparison, shown.Changes).Add(v => v.Problem, shown.ChangesProblem));

    [Fact]
    public void Fields_tab_lists_the_changes_with_a_count()
    {
        var cut = RenderViewer(Shown(Old, New, "compliance_officer", "$.customer.email"));

        Assert.Contains("Fields (2)", cut.Markup);
        Assert.Contains("ann@example.org", cut.Find("table").TextContent);
    }

    [Fact]
    public void Support_view_never_renders_the_personal_value_in_any_tab()
    {
        var cut = RenderViewer(Shown(Old, New, "support", "$.customer.email"));

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
        var cut = RenderViewer(Shown(null, New, "compliance_officer"));

        Assert.All(cut.FindAll("tbody tr"), r => Assert.Equal("Added", r.GetAttribute("data-kind")));
    }

    [Fact]
    public void Invalid_json_shows_a_message_instead_of_failing()
    {
        var cut = RenderViewer(Shown("{\"a\":", New, "compliance_officer"));

        Assert.Contains("These values cannot be compared. The old values are not valid JSON", cut.Find(".mud-alert").TextContent);
    }

    [Fact]
    public void Unreadable_personal_paths_hide_the_values_rather_than_leak_them()
    {
        var cut = RenderViewer(Shown(Old, New, "support", "customer.email"));

        Assert.Contains("Values are hidden", cut.Markup);
        Assert.DoesNotContain("ann@example", cut.Markup);
    }

    [Fact]
    public void No_comparison_is_a_message_not_an_unredacted_view()
    {
        var cut = Render<ChangeViewer>();

        Assert.Contains("cannot be shown", cut.Find(".mud-alert").TextContent);
    }
}
