using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Web.SignIn;
using Microsoft.AspNetCore.Authorization;

namespace AuditExplorer.Web.Access.Authorization;

/// <summary>
/// Decides <see cref="TenantPermissionRequirement"/> for both an HTTP request (resource: the HttpContext, so a
/// refused page answers 403 before anything renders) and an interactive navigation (resource: the RouteData).
/// The roles' grants come from the data core's <see cref="PermissionMatrix"/>; this only finds the tenant.
/// </summary>
internal sealed class TenantPermissionHandler(ClaimNames names) : AuthorizationHandler<TenantPermissionRequirement>
{
    private const string TenantKey = "Tenant";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantPermissionRequirement requirement)
    {
        if (ExplorerUser.From(context.User, names) is not { } user) return Task.CompletedTask;
        var tenant = context.Resource switch
        {
            HttpContext http => http.GetRouteValue(TenantKey) as string,
            Microsoft.AspNetCore.Components.RouteData route => route.RouteValues.TryGetValue(TenantKey, out var t) ? t as string : null,
            _ => null,
        };
        if (tenant is not null && !user.CanRead(tenant)) return Task.CompletedTask;
        if (!user.May(requirement.Action)) return Task.CompletedTask;
        if (context.Resource is HttpContext request && !QueryAllowed(request.Request.Query, user)) return Task.CompletedTask;
        context.Succeed(requirement);
        return Task.CompletedTask;
    }

    // A timeline address can ask for more than its page: words inside values, or access events. The first HTTP
    // request answers 403 for those; inside the circuit the timeline view refuses them the same way.
    private static bool QueryAllowed(IQueryCollection query, ExplorerUser user) =>
        TimelineFilterPermissions.Required(
                !string.IsNullOrWhiteSpace(query["q"]),
                query["access"] == "1" || query["kind"] == "access")
            .All(user.May);
}
