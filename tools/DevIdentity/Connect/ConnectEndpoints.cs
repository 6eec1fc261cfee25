namespace AuditExplorer.DevIdentity.Connect;

/// <summary>Maps the OpenID Connect endpoints whose requests OpenIddict has already validated.</summary>
public static class ConnectEndpoints
{
    /// <summary>Maps /connect/authorize, /connect/token, /connect/userinfo and /connect/endsession.</summary>
    public static WebApplication MapConnectEndpoints(this WebApplication app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.HandleAsync).DisableAntiforgery();
        app.MapPost("/connect/token", TokenEndpoint.HandleAsync).DisableAntiforgery();
        app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoEndpoint.HandleAsync).DisableAntiforgery();
        // The Delegate cast keeps the result from being taken for a plain RequestDelegate and discarded.
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionEndpoint.HandleAsync).DisableAntiforgery();
        return app;
    }
}
