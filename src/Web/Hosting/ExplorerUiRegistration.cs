using AuditExplorer.Web.Components;
using AuditExplorer.Web.Errors;
using MudBlazor.Services;

namespace AuditExplorer.Web.Hosting;

internal static class ExplorerUiRegistration
{
    /// <summary>Blazor Server components with MudBlazor.</summary>
    public static void AddExplorerUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<ViewerClock>();
        builder.Services.AddExceptionHandler<StoreBusyExceptionHandler>();
    }

    public static void MapExplorerUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
    }

    /// <summary>Friendly pages for errors and unknown addresses; never a stack trace.</summary>
    public static void UseExplorerErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<AuditExplorer.Web.Timelines.TimelineAddressCheckMiddleware>();
    }
}
