namespace AuditExplorer.DevIdentity.Home;

/// <summary>Maps the human-facing home page and the readiness probe.</summary>
public static class HomeEndpoints
{
    /// <summary>GET / lists the demo users; GET /healthz answers "ok" once the client is registered.</summary>
    public static WebApplication MapHomePages(this WebApplication app)
    {
        app.MapGet("/", DemoUserListPage.Render);
        app.MapGet("/healthz", () => Results.Text("ok", "text/plain"));
        return app;
    }
}
