using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AuditExplorer.Web.Hosting;

internal static class HealthEndpoints
{
    /// <summary>/health/live: the process runs. /health/ready: it can also reach the database.</summary>
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }
}
