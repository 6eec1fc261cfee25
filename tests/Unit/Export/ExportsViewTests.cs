using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Web.Export;
using AuditExplorer.Web.SignIn;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuditExplorer.Tests.Unit.Export;

public sealed class ExportsViewTests : MudTestContext
{
    private readonly EvidenceExportJobs _jobs = new(
        new EvidencePackageWriter("Host=127.0.0.1;Port=1;Username=none", new CheckpointKeyring([])),
        Path.Combine(Path.GetTempPath(), "ae-exports-" + Guid.NewGuid().ToString("N")), TimeSpan.FromHours(1), TimeSpan.FromMinutes(1),
        NullLogger<EvidenceExportJobs>.Instance);

    public ExportsViewTests()
    {
        Services.AddSingleton(_jobs);
        Services.AddScoped<AuditExplorer.Web.Access.ViewerSession>();
    }

    private static ExplorerUser UserOf(params string[] tenants) => new("usr_1", "Ada", null, ["auditor"], tenants);

    [Fact]
    public void A_user_of_the_tenant_sees_the_export_form_and_an_empty_history()
    {
        var page = Render<ExportsView>(p => p.Add(x => x.Tenant, "acme").AddCascadingValue(UserOf("acme")));

        Assert.NotNull(page.Find("[data-testid=export-start]"));
        Assert.Contains("No exports since the server started", page.Find("[data-testid=exports-empty]").TextContent);
    }

    [Fact]
    public void A_user_of_another_tenant_sees_no_form_and_no_history()
    {
        var page = Render<ExportsView>(p => p.Add(x => x.Tenant, "acme").AddCascadingValue(UserOf("globex")));

        Assert.Empty(page.FindAll("[data-testid=export-start]"));
        Assert.Empty(page.FindAll("[data-testid=exports-empty]"));
    }

    [Fact]
    public void A_record_type_without_a_record_id_is_refused_before_anything_runs()
    {
        var page = Render<ExportsView>(p => p.Add(x => x.Tenant, "acme").AddCascadingValue(UserOf("acme")));

        page.Find("input[data-testid=export-entity-type]").Change("contract");
        page.Find("button[data-testid=export-start]").Click();

        Assert.Contains("Give both the record type and the record id", page.Markup);
        Assert.Empty(_jobs.ForTenant("acme"));
    }
}
