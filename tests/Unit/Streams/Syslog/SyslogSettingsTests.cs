using System.Text.Json;
using AuditExplorer.Data.Streams.Syslog;

namespace AuditExplorer.Tests.Unit.Streams.Syslog;

/// <summary>What an audit admin may store as a syslog stream's settings, and the messages for what they may not.</summary>
public sealed class SyslogSettingsTests
{
    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Only_host_is_required_and_the_defaults_are_tcp_514_facility_13_and_8k()
    {
        var settings = SyslogSettings.Parse(Json("""{"host":"siem.example.com"}"""), out var error);
        Assert.Null(error);
        Assert.Equal(("siem.example.com", 514, false, 13, 8192), (settings!.Host, settings.Port, settings.Tls, settings.Facility, settings.MaxMessageBytes));
    }

    [Fact]
    public void Tls_defaults_to_port_6514()
    {
        Assert.Equal(6514, SyslogSettings.Parse(Json("""{"host":"siem.example.com","tls":true}"""), out _)!.Port);
    }

    [Theory]
    [InlineData("""{}""", "\"host\" is required")]
    [InlineData("""{"host":"bad host name"}""", "is not a DNS name or IP address")]
    [InlineData("""{"host":"h","port":70000}""", "\"port\" must be a whole number from 1 to 65535")]
    [InlineData("""{"host":"h","facility":24}""", "\"facility\" must be a whole number from 0 to 23")]
    [InlineData("""{"host":"h","max_message_bytes":100}""", "\"max_message_bytes\" must be a whole number from 480")]
    [InlineData("""{"host":"h","tls":"yes"}""", "\"tls\" must be true or false")]
    [InlineData("""{"host":"h","ca_file":"/etc/ssl/ca.pem"}""", "only used with \"tls\": true")]
    [InlineData("""{"host":"h","tls":true,"ca_file":"/nonexistent/ca.pem"}""", "does not exist")]
    [InlineData("""{"host":"h","hostname":"two words"}""", "\"hostname\" must be 1 to 255 printable ASCII")]
    [InlineData("""{"host":"h","hots":"typo"}""", "unknown setting \"hots\"")]
    [InlineData("""[]""", "must be a JSON object")]
    public void Unusable_settings_are_refused_with_a_message_naming_the_setting(string json, string message)
    {
        Assert.Null(SyslogSettings.Parse(Json(json), out var error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void The_factory_validates_with_the_same_rules()
    {
        var factory = new SyslogDestinationFactory();
        Assert.Equal("syslog", factory.Kind);
        Assert.Null(factory.Validate(Json("""{"host":"127.0.0.1","port":5514}""")));
        Assert.Contains("\"host\" is required", factory.Validate(Json("""{"port":5514}""")));
    }
}
