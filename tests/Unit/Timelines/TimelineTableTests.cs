using AuditExplorer.Data.Timelines;
using AuditExplorer.Web.Timelines;
using Bunit;

namespace AuditExplorer.Tests.Unit.Timelines;

public sealed class TimelineTableTests : MudTestContext
{
    private static TimelineRow Row(string action = "contract.publish", string entityId = "42", string? actorName = "Alice") =>
        new(Guid.CreateVersion7(), new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), "usr_alice", "user", actorName, action, "update", "contract", entityId);

    [Fact]
    public void Renders_one_row_per_event_with_links_to_record_and_actor_timelines()
    {
        var rows = new[] { Row(), Row(entityId: "43") };
        var cut = Render<TimelineTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows, rows));
        var rendered = cut.FindAll("[data-testid=event-row]");
        Assert.Equal(2, rendered.Count);
        Assert.Contains(rendered[0].QuerySelectorAll("a"), a => a.GetAttribute("href") == "/t/acme/records/contract/42");
        Assert.Contains(rendered[0].QuerySelectorAll("a"), a => a.GetAttribute("href") == "/t/acme/actors/usr_alice");
        Assert.Contains(rendered[1].QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/t/acme/events/{rows[1].Id}");
        Assert.Contains("2026-03-01 12:00:00", rendered[0].TextContent);
    }

    [Fact]
    public void Shows_a_designed_empty_state()
    {
        var cut = Render<TimelineTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows, Array.Empty<TimelineRow>()));
        Assert.Contains("No events match", cut.Find("[data-testid=timeline-empty]").TextContent);
    }

    [Fact]
    public void Values_that_look_like_markup_render_as_text()
    {
        var cut = Render<TimelineTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows, [Row(entityId: "<script>alert(1)</script>", actorName: "<b>x</b>")]));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("td b"));
        Assert.Contains("&lt;script&gt;", cut.Markup);
    }

    [Fact]
    public void Hidden_characters_in_actor_action_and_entity_show_as_markers_while_plain_ids_show_none()
    {
        var tricky = new TimelineRow(Guid.CreateVersion7(), new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
            "u-\u202Egnp.exe", "user", null, "contract.\u200Bpublish", "update", "contract", "c-\u200Devil");
        var cut = Render<TimelineTable>(p => p.Add(x => x.Tenant, "acme").Add(x => x.Rows, [tricky, Row(entityId: "c-evil")]));

        var rows = cut.FindAll("[data-testid=event-row]");
        Assert.Equal(["⟨U+202E⟩", "⟨U+200B⟩", "⟨U+200D⟩"], rows[0].QuerySelectorAll(".hidden-char").Select(m => m.TextContent));
        Assert.Contains("u-⟨U+202E⟩gnp.exe", rows[0].TextContent);
        Assert.Empty(rows[1].QuerySelectorAll(".hidden-char"));
        Assert.Contains("contract/c-evil", rows[1].TextContent);
        Assert.DoesNotContain('\u202E', cut.Markup);
        Assert.DoesNotContain('\u200D', cut.Markup);
        // The link still leads to the real record, hidden character included (escaped in the URL).
        Assert.Contains(rows[0].QuerySelectorAll("a"), a => a.GetAttribute("href") == "/t/acme/records/contract/c-%E2%80%8Devil");
    }
}
