using System.Text.Json;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Nats;

namespace AuditExplorer.Tests.Unit.Streams.Nats;

/// <summary>What an audit admin may store as a NATS stream's settings; secrets are only ever named.</summary>
public sealed class NatsSettingsTests
{
    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void A_subject_template_puts_the_tenant_in_its_place()
    {
        var settings = NatsSettings.Parse(Json("""{"url":"nats://127.0.0.1:4222","subject":"audit.{tenant}.events","stream":"AUDIT"}"""), out var error);
        Assert.Null(error);
        Assert.Equal("audit.acme.events", settings!.SubjectFor("acme"));
        Assert.Null(settings.SubjectFor("ac.me"));
        Assert.Equal(TimeSpan.FromSeconds(10), settings.AckTimeout);
    }

    [Theory]
    [InlineData("""{"subject":"audit","stream":"S"}""", "\"url\" is required")]
    [InlineData("""{"url":"http://h:4222","subject":"audit","stream":"S"}""", "\"url\" is required")]
    [InlineData("""{"url":"nats://user:pw@h:4222","subject":"audit","stream":"S"}""", "put no user or password in \"url\"")]
    [InlineData("""{"url":"nats://h:4222","subject":"audit.>","stream":"S"}""", "without spaces or wildcards")]
    [InlineData("""{"url":"nats://h:4222","subject":"audit..x","stream":"S"}""", "without spaces or wildcards")]
    [InlineData("""{"url":"nats://h:4222","subject":"audit"}""", "\"stream\" is required")]
    [InlineData("""{"url":"nats://h:4222","subject":"audit","stream":"A.B"}""", "\"stream\" is required")]
    [InlineData("""{"url":"nats://h:4222","subject":"audit","stream":"S","token":"s3cret"}""", "unknown setting \"token\"")]
    [InlineData("""{"url":"nats://h:4222","subject":"audit","stream":"S","token_secret":"a","creds_secret":"b"}""", "not both")]
    [InlineData("""{"url":"nats://h:4222","subject":"audit","stream":"S","ack_timeout_seconds":0}""", "from 1 to 300")]
    public void Unusable_settings_are_refused_with_a_message_naming_the_setting(string json, string message)
    {
        Assert.Null(NatsSettings.Parse(Json(json), out var error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void A_named_secret_must_exist_in_the_configuration_and_never_appears_in_the_message()
    {
        var settings = Json("""{"url":"nats://h:4222","subject":"audit","stream":"S","token_secret":"nats-prod"}""");
        var configured = new NatsDestinationFactory(name => name == "nats-prod" ? "the-token-value" : null);
        var missing = new NatsDestinationFactory(_ => null);

        Assert.Null(configured.Validate(settings));
        var error = missing.Validate(settings);
        Assert.Contains("no secret named \"nats-prod\"", error);
        Assert.Throws<StreamDeliveryException>(() => missing.Create(settings));
        Assert.DoesNotContain("the-token-value", error);
    }
}
