using AuditExplorer.Data.Timelines;
using AuditExplorer.Web.Access;
using Bunit;

namespace AuditExplorer.Tests.Unit.Access;

public sealed class AccessLogTableTests : MudTestContext
{
    private static TimelineRow Access(string context, string entityType = "contract", string entityId = "42") =>
        new(Guid.CreateVersion7(), new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero), "usr_alice", "user", "Alice",
            "audit_log.view", "access", entityType, entityId, context);

    [Fact]
    public void Lists_who_looked_at_what_and_why()
    {
        var cut = Render<AccessLogTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows,
            [Access("""{"reason":"CASE-1","access":{"filter":"?kind=update","rows":"50"}}""")]));
        var row = cut.Find("[data-testid=access-row]");
        Assert.Contains("Alice", row.TextContent);
        Assert.Contains("audit_log.view", row.TextContent);
        Assert.Contains("CASE-1", row.TextContent);
        Assert.Contains("?kind=update", row.TextContent);
        Assert.Contains(row.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/t/acme/records/contract/42");
        Assert.Empty(cut.FindAll("[data-testid=break-glass]"));
    }

    [Fact]
    public void Break_glass_access_is_flagged_for_review()
    {
        var cut = Render<AccessLogTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows,
            [Access("""{"reason":"outage","break_glass":true}""", "tenant", "acme")]));
        Assert.Contains("Break-glass", cut.Find("[data-testid=break-glass]").TextContent);
    }

    [Fact]
    public void Unreadable_context_still_lists_the_access()
    {
        var cut = Render<AccessLogTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows, [Access("not json")]));
        Assert.Single(cut.FindAll("[data-testid=access-row]"));
    }

    [Fact]
    public void No_access_has_a_designed_empty_state()
    {
        var cut = Render<AccessLogTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows, Array.Empty<TimelineRow>()));
        Assert.Contains("No recorded access", cut.Markup);
    }

    [Fact]
    public void Hidden_characters_in_who_what_and_why_show_as_markers()
    {
        var row = new TimelineRow(Guid.CreateVersion7(), new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero), "u-\u202Egnp.exe", "user", null,
            "audit_log.view", "access", "contract", "c-\u200Devil", """{"reason":"CASE\u20601"}""");

        var cut = Render<AccessLogTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows, [row, Access("{}")]));

        var rows = cut.FindAll("[data-testid=access-row]");
        Assert.Equal(["⟨U+202E⟩", "⟨U+200D⟩", "⟨U+2060⟩"], rows[0].QuerySelectorAll(".hidden-char").Select(m => m.TextContent));
        Assert.Empty(rows[1].QuerySelectorAll(".hidden-char"));
        Assert.DoesNotContain('\u202E', cut.Markup);
    }
}
