using AuditExplorer.Data.Access.Permissions;
using Microsoft.AspNetCore.Authorization;

namespace AuditExplorer.Web.Access.Authorization;

/// <summary>The signed-in person may use the tenant in the route and the permission matrix allows the action.</summary>
public sealed record TenantPermissionRequirement(ExplorerAction Action) : IAuthorizationRequirement;
