using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Webhook;
using AuditExplorer.Web.SignIn;
using AuditExplorer.Web.Streams;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditExplorer.Tests.Unit.Streams;

/// <summary>The Streams view renders forms and settings only for an audit admin of the tenant, wherever it is used.</summary>
public sealed class StreamsViewTests : MudTestContext
{
    public StreamsViewTests()
    {
        // Nothing listens on port 1: no stream can be listed, so only the forms tell who the view serves.
        Services.AddSingleton(_ => NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=none;Timeout=2"));
        Services.AddSingleton(new StreamDestinationFactories([new WebhookDestinationFactory()]));
        // No AuditedReads: these specs change nothing, and listing does not use it.
        Services.AddSingleton(sp => new StreamStore(null!, sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<StreamDestinationFactories>()));
        Services.AddScoped<AuditExplorer.Web.Access.ViewerSession>();
    }

    private IRenderedComponent<StreamsView> RenderFor(string role, string tenant = "acme") =>
        Render<StreamsView>(p => p.Add(x => x.Tenant, "acme").AddCascadingValue(new ExplorerUser("usr_1", "Ada", null, [role], [tenant])));

    [Theory]
    [InlineData("support")]
    [InlineData("compliance_officer")]
    public void Users_who_are_not_audit_admins_get_no_form(string role)
    {
        var cut = RenderFor(role);

        Assert.Empty(cut.FindAll("[data-testid=stream-create], [data-testid=stream-url], [data-testid=stream-edit-open], [data-testid=stream-edit]"));
        Assert.Empty(cut.FindAll("[data-testid=streams-table], [data-testid=streams-empty]"));
    }

    [Fact]
    public void An_audit_admin_of_another_tenant_gets_no_form_either_while_one_of_this_tenant_does()
    {
        var other = RenderFor("audit_admin", tenant: "globex");
        Assert.Empty(other.FindAll("[data-testid=stream-create]"));

        var admin = RenderFor("audit_admin");
        Assert.NotEmpty(admin.FindAll("button[data-testid=stream-create]"));
    }

    [Fact]
    public void A_store_that_does_not_answer_shows_a_notice_and_never_claims_the_tenant_has_no_streams()
    {
        var admin = RenderFor("audit_admin");

        admin.WaitForAssertion(() => Assert.Contains("did not answer", admin.Find("[data-testid=streams-unreadable]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(admin.FindAll("[data-testid=streams-empty], [data-testid=streams-table]"));
        Assert.NotEmpty(admin.FindAll("button[data-testid=stream-create]"));
    }
}
