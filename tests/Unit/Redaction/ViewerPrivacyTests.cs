using System.Text.Json;
using AuditExplorer.Data.AsOf;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Unit.Redaction;

public class ViewerPrivacyTests
{
    private static readonly string[] Paths = ["$.customer.email", "$.phone"];
    private const string Email = "ann.secret@example.com";
    private const string Phone = "+49 555 0101";
    private const string ColleagueName = "Colin Colleague";

    private static EventDetail Detail(string actor = "usr_colin") => new(new AuditEvent
    {
        TenantId = "acme", ActorId = actor, ActorKind = "user", Action = "contract.update", ChangeKind = "update",
        EntityType = "contract", EntityId = "42",
        OldValues = $$"""{"customer":{"email":"old.{{Email}}"},"phone":"{{Phone}}","status":"draft"}""",
        NewValues = $$"""{"customer":{"email":"{{Email}}"},"phone":"{{Phone}}0","status":"final"}""",
        Context = """{"request_id":"req-1","ip":"198.51.100.7","user_agent":"Agent/1.0","session_id":"s-9"}""",
    }, new Subject { TenantId = "acme", SubjectId = actor, DisplayName = ColleagueName, Email = "colin@acme.example" },
        [new TimelineRow(Guid.NewGuid(), DateTimeOffset.UtcNow, "usr_colin", "user", ColleagueName, "contract.view", "access", "contract", "42", """{"reason":"ticket 7"}""")]);

    // Everything the view holds, as text without JSON escapes, so a leaked value is found whatever its characters.
    private static string Everything(EventForViewer shown) =>
        JsonSerializer.Serialize(shown, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public void Support_engineer_never_receives_personal_data_in_what_an_event_view_holds()
    {
        var shown = ViewerPrivacy.For("usr_bob", ["support"], Paths).Show(Detail());
        var all = Everything(shown);

        foreach (var secret in new[] { Email, Phone, ColleagueName, "198.51.100.7", "Agent/1.0", "s-9", "ticket 7" })
            Assert.DoesNotContain(secret, all);
        Assert.True(shown.IsRedacting);
        Assert.Equal(ViewerPrivacy.Marker, shown.ActorLabel);
        Assert.Contains("final", all);
        Assert.Contains(shown.Changes!.Fields, f => f.Path == "$.customer.email" && f.IsRedacted && f.Kind.ToString() == "Changed");
    }

    [Fact]
    public void Compliance_officer_receives_the_same_event_in_full()
    {
        var shown = ViewerPrivacy.For("usr_alice", ["compliance_officer"], Paths).Show(Detail());
        var all = Everything(shown);

        foreach (var secret in new[] { Email, Phone, ColleagueName, "198.51.100.7", "Agent/1.0" })
            Assert.Contains(secret, all);
        Assert.False(shown.IsRedacting);
    }

    [Fact]
    public void A_support_engineer_sees_their_own_name_and_request_details()
    {
        var shown = ViewerPrivacy.For("usr_colin", ["support"], Paths).Show(Detail("usr_colin"));

        Assert.Equal(ColleagueName, shown.ActorLabel);
        Assert.Contains(shown.Context, c => c.Key == "ip" && c.Value == "198.51.100.7");
        Assert.DoesNotContain(Email, Everything(shown));
    }

    [Fact]
    public void Audit_admins_and_unknown_roles_see_business_data_redacted()
    {
        Assert.DoesNotContain(Email, Everything(ViewerPrivacy.For("usr_dave", ["audit_admin"], Paths).Show(Detail())));
        Assert.DoesNotContain(Email, Everything(ViewerPrivacy.For("usr_x", ["intern"], Paths).Show(Detail())));
    }

    [Fact]
    public void Timeline_rows_lose_other_peoples_names_and_access_contexts_when_redacting()
    {
        var rows = new List<TimelineRow>
        {
            new(Guid.NewGuid(), DateTimeOffset.UtcNow, "usr_colin", "user", ColleagueName, "audit_log.view", "access", "contract", "42", """{"reason":"ticket 7"}"""),
            new(Guid.NewGuid(), DateTimeOffset.UtcNow, "usr_bob", "user", "Bob Support", "contract.update", "update", "contract", "42"),
        };
        var page = new TimelinePage(rows, null, null);

        var support = ViewerPrivacy.For("usr_bob", ["support"], Paths).Show(page);
        var officer = ViewerPrivacy.For("usr_alice", ["compliance_officer"], Paths).Show(page);

        Assert.Null(support.Rows[0].ActorName);
        Assert.Null(support.Rows[0].AccessContext);
        Assert.Equal("Bob Support", support.Rows[1].ActorName);
        Assert.Equal(ColleagueName, officer.Rows[0].ActorName);
        Assert.NotNull(officer.Rows[0].AccessContext);
    }

    [Fact]
    public void Audit_admins_see_who_accessed_the_log_while_business_actors_stay_redacted()
    {
        var rows = new List<TimelineRow>
        {
            new(Guid.NewGuid(), DateTimeOffset.UtcNow, "usr_colin", "user", ColleagueName, "audit_log.view", "access", "contract", "42", """{"reason":"ticket 7"}"""),
            new(Guid.NewGuid(), DateTimeOffset.UtcNow, "usr_cust", "user", "Carla Customer", "contract.update", "update", "contract", "42"),
        };

        var admin = ViewerPrivacy.For("usr_dave", ["audit_admin"], Paths).Show(new TimelinePage(rows, null, null));

        Assert.Equal(ColleagueName, admin.Rows[0].ActorName);
        Assert.Contains("ticket 7", admin.Rows[0].AccessContext);
        Assert.Null(admin.Rows[1].ActorName);
    }

    [Fact]
    public void A_reconstructed_state_is_redacted_for_support_and_whole_for_officers()
    {
        var state = new ReconstructedState(RecordExistence.Exists, $$"""{"customer":{"email":"{{Email}}"},"status":"final"}""", Guid.NewGuid(), DateTimeOffset.UtcNow, false);

        Assert.DoesNotContain(Email, ViewerPrivacy.For("usr_bob", ["support"], Paths).Show(state).Json);
        Assert.Contains(Email, ViewerPrivacy.For("usr_alice", ["compliance_officer"], Paths).Show(state).Json);
    }

    [Fact]
    public async Task Large_documents_are_compared_off_the_callers_thread_with_the_same_result()
    {
        var big = "{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"field{i}\":\"value {i}\"")) + "}";
        var detail = new EventDetail(new AuditEvent
        {
            TenantId = "acme", ActorId = "a", ActorKind = "user", Action = "doc.update", ChangeKind = "update", EntityType = "doc", EntityId = "1",
            OldValues = big, NewValues = big.Replace("\"value 9999\"", "\"changed\""),
        }, null, []);

        var shown = await ViewerPrivacy.For("v", ["compliance_officer"], []).ShowAsync(detail, CancellationToken.None);

        Assert.Single(shown.Changes!.Fields);
    }
}
