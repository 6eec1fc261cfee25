using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Streams;

namespace AuditExplorer.Tests.Unit.Streams;

public sealed class StreamEventFormatterTests
{
    private static ExportedEvent Row(string changeKind, string? newValues = null, string context = """{"request_id":"r-1","ip":"198.51.100.7"}""")
    {
        var e = new AuditEvent
        {
            TenantId = "acme", Id = Guid.Parse("0190a7a0-0000-7000-8000-000000000001"), ActorId = "usr_1", ActorKind = "user",
            Action = changeKind == "access" ? "audit_log.view" : "contract." + changeKind, ChangeKind = changeKind,
            EntityType = "contract", EntityId = "42", NewValues = newValues, Context = context,
            OccurredAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), RecordedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 1, TimeSpan.Zero),
        };
        var prev = new byte[32];
        var hash = EventChainHash.Compute(EventCanonicalForm.Encode(e, 7), prev);
        return new ExportedEvent(e, 7, prev, hash, Enumerable.Repeat((byte)9, 32).ToArray());
    }

    private static ViewerPrivacy Level(string role) => ViewerPrivacy.For("stream:test", [role], ["$.email"]);

    [Fact]
    public void An_unredacted_event_json_message_is_the_package_line_and_its_hash_verifies()
    {
        var row = Row("update", """{"email":"ann@example.test"}""");
        var message = new StreamEventFormatter(StreamFormats.EventJson, Level(StreamPrivacyLevels.ComplianceOfficer)).Format(row);
        var line = new System.Buffers.ArrayBufferWriter<byte>();
        EventJsonLine.Write(line, row, new CanonicalJsonWriter());
        Assert.Equal(line.WrittenSpan[..^1].ToArray(), message.Body.ToArray());
        Assert.Equal("acme:7", message.IdempotencyKey);
        var parsed = EventJsonLine.Parse(message.Body.Span);
        Assert.Equal(row.Hash, EventChainHash.Compute(EventCanonicalForm.Encode(parsed.Event, parsed.Seq, parsed.Links), parsed.PrevHash));
    }

    [Fact]
    public void A_support_level_message_hides_personal_values_and_says_it_was_redacted()
    {
        var message = new StreamEventFormatter(StreamFormats.EventJson, Level(StreamPrivacyLevels.Support)).Format(Row("update", """{"email":"ann@example.test","tier":"gold"}"""));
        var text = Encoding.UTF8.GetString(message.Body.Span);
        Assert.DoesNotContain("ann@example.test", text);
        Assert.DoesNotContain("198.51.100.7", text);
        Assert.Contains("gold", text);
        using var doc = JsonDocument.Parse(text);
        Assert.True(doc.RootElement.GetProperty("redacted").GetBoolean());
        Assert.Equal(7, doc.RootElement.GetProperty("seq").GetInt64());
    }

    [Theory]
    [InlineData("access", 6003, 2, 600302)]
    [InlineData("create", 3004, 1, 300401)]
    [InlineData("update", 3004, 3, 300403)]
    [InlineData("delete", 3004, 4, 300404)]
    [InlineData("other", 3004, 99, 300499)]
    public void Ocsf_classes_and_activities_follow_the_change_kind(string changeKind, int classUid, int activityId, long typeUid)
    {
        var message = new StreamEventFormatter(StreamFormats.Ocsf, Level(StreamPrivacyLevels.ComplianceOfficer)).Format(Row(changeKind, """{"n":1}"""));
        using var doc = JsonDocument.Parse(message.Body);
        var root = doc.RootElement;
        Assert.Equal(classUid, root.GetProperty("class_uid").GetInt32());
        Assert.Equal(activityId, root.GetProperty("activity_id").GetInt32());
        Assert.Equal(typeUid, root.GetProperty("type_uid").GetInt64());
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), root.GetProperty("time").GetInt64());
        Assert.Equal("usr_1", root.GetProperty("actor").GetProperty("user").GetProperty("uid").GetString());
        var ours = root.GetProperty("unmapped").GetProperty("auditexplorer");
        Assert.Equal("acme", ours.GetProperty("tenant_id").GetString());
        Assert.Equal(7, ours.GetProperty("seq").GetInt64());
        Assert.Equal(32, ours.GetProperty("leaf_hash").GetBytesFromBase64().Length);
        if (changeKind == "access")
        {
            Assert.Equal("audit_log.view", root.GetProperty("api").GetProperty("operation").GetString());
            Assert.Equal("198.51.100.7", root.GetProperty("src_endpoint").GetProperty("ip").GetString());
        }
        else
        {
            Assert.Equal(1, root.GetProperty("entity_result").GetProperty("data").GetProperty("n").GetInt32());
        }
    }

    [Fact]
    public void A_support_level_ocsf_access_event_has_no_source_address()
    {
        var message = new StreamEventFormatter(StreamFormats.Ocsf, Level(StreamPrivacyLevels.Support)).Format(Row("access"));
        using var doc = JsonDocument.Parse(message.Body);
        Assert.False(doc.RootElement.GetProperty("src_endpoint").TryGetProperty("ip", out _));
        Assert.DoesNotContain("198.51.100.7", Encoding.UTF8.GetString(message.Body.Span));
    }
}
