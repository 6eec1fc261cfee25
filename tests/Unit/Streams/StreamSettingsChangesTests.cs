using AuditExplorer.Web.Streams;

namespace AuditExplorer.Tests.Unit.Streams;

public sealed class StreamSettingsChangesTests
{
    [Fact]
    public void Added_changed_and_removed_settings_are_named_and_order_or_spacing_alone_is_no_change()
    {
        var changes = StreamSettingsChanges.Between(
            """{"host": "a.example", "port": 514, "tls": false}""",
            """{ "tls":false, "host":"b.example", "facility": 4 }""");

        Assert.Equal(
            [new("host", "a.example", "b.example"), new("facility", null, "4"), new StreamSettingChange("port", "514", null)],
            changes);
        Assert.Empty(StreamSettingsChanges.Between("""{"a": [1, {"b": 2}]}""", """{ "a" : [1,{"b":2}] }"""));
    }

    [Fact]
    public void A_webhook_url_replaces_only_the_url_of_the_stored_settings()
    {
        Assert.Equal("""{"timeout_seconds":2,"url":"https://b.example/h"}""",
            StreamSettingsText.Compose("webhook", " https://b.example/h ", null, """{"timeout_seconds": 2, "url": "https://a.example/h"}"""));
        Assert.Equal("""{"url":"https://b.example/h"}""", StreamSettingsText.Compose("webhook", "https://b.example/h", null, null));
        Assert.Equal("""{"host": "x"}""", StreamSettingsText.Compose("syslog", "ignored", """{"host": "x"}""", """{"host": "y"}"""));
    }
}
