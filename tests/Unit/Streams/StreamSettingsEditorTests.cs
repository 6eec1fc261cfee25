using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Nats;
using AuditExplorer.Data.Streams.Webhook;
using AuditExplorer.Web.Streams;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AuditExplorer.Tests.Unit.Streams;

/// <summary>A stream's edit form: prefilled from what is stored (never a secret), checked by the kind's factory first.</summary>
public sealed class StreamSettingsEditorTests : MudTestContext
{
    private const string NatsToken = "nats-token-value-9f2c";
    private const string Stored = """{"url": "https://siem.example/old", "attempts": 2}""";
    private readonly List<string> _saved = [];

    public StreamSettingsEditorTests()
    {
        Services.AddSingleton(new StreamDestinationFactories(
            [new WebhookDestinationFactory(), new NatsDestinationFactory(name => name == "nats-token" ? NatsToken : null)]));
    }

    private IRenderedComponent<StreamSettingsEditor> RenderEditor(string kind = "webhook", string settings = Stored, Func<string, Task<bool>>? save = null) =>
        Render<StreamSettingsEditor>(p => p
            .Add(x => x.Name, "splunk")
            .Add(x => x.Kind, kind)
            .Add(x => x.Settings, settings)
            .Add(x => x.Save, save ?? (json => { _saved.Add(json); return Task.FromResult(true); })));

    [Fact]
    public void A_webhook_form_is_prefilled_with_the_stored_url_only()
    {
        var cut = RenderEditor();

        Assert.Equal("https://siem.example/old", cut.Find("input[data-testid=stream-edit-url]").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=stream-edit-settings]"));
    }

    [Fact]
    public void A_nats_form_shows_the_name_of_its_credentials_and_never_their_value()
    {
        const string nats = """{"url": "nats://127.0.0.1:4222", "subject": "audit.{tenant}", "stream": "AUDIT", "token_secret": "nats-token"}""";
        var cut = RenderEditor("nats", nats);

        var box = cut.Find("textarea[data-testid=stream-edit-settings]");
        Assert.Contains("\"token_secret\": \"nats-token\"", box.GetAttribute("value") ?? box.TextContent);
        Assert.DoesNotContain(NatsToken, cut.Markup);

        // Saving resolves the name (the factory checks it exists) and still shows no value.
        box.Change(nats.Replace("AUDIT", "AUDIT2", StringComparison.Ordinal));
        cut.Find("button[data-testid=stream-edit-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("AUDIT2", cut.Find("[data-testid=stream-edit-done]").TextContent));
        Assert.Single(_saved);
        Assert.DoesNotContain(NatsToken, cut.Markup);
    }

    [Fact]
    public void A_url_the_factory_refuses_shows_its_message_and_nothing_is_saved()
    {
        var cut = RenderEditor();

        cut.Find("input[data-testid=stream-edit-url]").Change("ftp://siem.example/new");
        cut.Find("button[data-testid=stream-edit-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("The webhook URL must use https", cut.Find("[data-testid=stream-edit-problem]").TextContent));
        Assert.Empty(_saved);
        Assert.Empty(cut.FindAll("[data-testid=stream-edit-done]"));
    }

    [Fact]
    public void A_saved_url_shows_what_changed_and_keeps_the_settings_the_form_does_not_show()
    {
        var cut = RenderEditor();

        cut.Find("input[data-testid=stream-edit-url]").Change(" https://siem.example/new ");
        cut.Find("button[data-testid=stream-edit-save]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=stream-edit-change]")));
        Assert.Equal("""{"url":"https://siem.example/new","attempts":2}""", Assert.Single(_saved));
        var change = cut.Find("[data-testid=stream-edit-change]").TextContent;
        Assert.Contains("url", change);
        Assert.Contains("https://siem.example/old", change);
        Assert.Contains("https://siem.example/new", change);
        Assert.Empty(cut.FindAll("[data-testid=stream-edit-problem]"));
    }

    [Fact]
    public void The_same_settings_are_not_saved_again()
    {
        var cut = RenderEditor();

        cut.Find("button[data-testid=stream-edit-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("nothing changed", cut.Find("[data-testid=stream-edit-problem]").TextContent));
        Assert.Empty(_saved);
    }

    [Fact]
    public void A_refusal_by_the_store_is_shown_and_no_change_is_claimed()
    {
        var cut = RenderEditor(save: _ => throw new StreamRejectedException("The store refuses these settings."));

        cut.Find("input[data-testid=stream-edit-url]").Change("https://siem.example/new");
        cut.Find("button[data-testid=stream-edit-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("The store refuses these settings.", cut.Find("[data-testid=stream-edit-problem]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=stream-edit-done]"));
    }

    [Fact]
    public void A_stream_deleted_meanwhile_is_reported_and_no_change_is_claimed()
    {
        var cut = RenderEditor(save: _ => Task.FromResult(false));

        cut.Find("input[data-testid=stream-edit-url]").Change("https://siem.example/new");
        cut.Find("button[data-testid=stream-edit-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("were not changed", cut.Find("[data-testid=stream-edit-problem]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=stream-edit-done]"));
    }
}
