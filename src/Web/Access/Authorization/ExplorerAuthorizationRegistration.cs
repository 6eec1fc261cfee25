using AuditExplorer.Data.Access.Permissions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace AuditExplorer.Web.Access.Authorization;

internal static class ExplorerAuthorizationRegistration
{
    /// <summary>One authorization policy per <see cref="ExplorerAction"/>, named after it (e.g. "ViewAccessLog").</summary>
    public static void AddExplorerAuthorization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IAuthorizationHandler, TenantPermissionHandler>();
        builder.Services.AddAuthorization(options =>
        {
            foreach (var action in Enum.GetValues<ExplorerAction>())
                options.AddPolicy(action.ToString(), p => p.RequireAuthenticatedUser().AddRequirements(new TenantPermissionRequirement(action)));
        });
        // A refusal is an answer, not a detour: 403 with the "No access" page (status code pages), never a redirect.
        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            });
    }
}
