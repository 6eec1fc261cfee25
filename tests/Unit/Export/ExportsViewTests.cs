using Npgsql;
using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Web.Export;
using AuditExplorer.Web.SignIn;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AuditExplorer.Tests.Unit.Export;

public sealed class ExportsViewTests : MudTestContext
{
    public ExportsViewTests()
    {
        // Nothing listens on port 1: every store call fails at once, as when the database is down.
        Services.AddSingleton(_ => NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=none;Timeout=2"));
        Services.AddSingleton(sp => new ExportJobStore(sp.GetRequiredService<NpgsqlDataSource>()));
        Services.AddSingleton<ExportJobSignal>();
        Services.AddScoped<AuditExplorer.Web.Access.ViewerSession>();
    }

    private static ExplorerUser UserOf(params string[] tenants) => new("usr_1", "Ada", null, ["auditor"], tenants);

    [Fact]
    public void A_user_of_the_tenant_sees_the_export_form_and_a_clear_message_when_the_history_cannot_be_read()
    {
        var page = Render<ExportsView>(p => p.Add(x => x.Tenant, "acme").AddCascadingValue(UserOf("acme")));

        Assert.NotNull(page.Find("[data-testid=export-start]"));
        page.WaitForAssertion(() => Assert.Contains("The export history could not be read", page.Find("[data-testid=exports-problem]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=exports-empty]"));
    }

    [Fact]
    public void A_user_of_another_tenant_sees_no_form_and_no_history_and_the_store_is_not_asked()
    {
        var page = Render<ExportsView>(p => p.Add(x => x.Tenant, "acme").AddCascadingValue(UserOf("globex")));

        Assert.Empty(page.FindAll("[data-testid=export-start]"));
        Assert.Empty(page.FindAll("[data-testid=exports-empty]"));
        Assert.Empty(page.FindAll("[data-testid=exports-problem]"));
    }

    [Fact]
    public void A_record_type_without_a_record_id_is_refused_before_anything_is_queued()
    {
        var page = Render<ExportsView>(p => p.Add(x => x.Tenant, "acme").AddCascadingValue(UserOf("acme")));

        page.Find("input[data-testid=export-entity-type]").Change("contract");
        page.Find("button[data-testid=export-start]").Click();

        page.WaitForAssertion(() => Assert.Contains("Give both the record type and the record id", page.Markup));
        Assert.DoesNotContain("could not be queued", page.Markup); // the store was never asked
    }

    [Fact]
    public void An_export_the_store_cannot_queue_says_so_on_the_form()
    {
        var page = Render<ExportsView>(p => p.Add(x => x.Tenant, "acme").AddCascadingValue(UserOf("acme")));

        page.Find("input[data-testid=export-entity-type]").Change("contract");
        page.Find("input[data-testid=export-entity-id]").Change("42");
        page.Find("button[data-testid=export-start]").Click();

        page.WaitForAssertion(() => Assert.Contains("The export could not be queued: the audit store did not answer", page.Markup));
    }
}
