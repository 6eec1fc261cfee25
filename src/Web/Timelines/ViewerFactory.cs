using AuditExplorer.Data.Access;
using AuditExplorer.Web.SignIn;

namespace AuditExplorer.Web.Timelines;

/// <summary>Builds the viewer recorded on access events from the signed-in user and their request.</summary>
internal static class ViewerFactory
{
    public static Viewer For(ExplorerUser user, ViewerRequest? request) =>
        new(user.SubjectId, user.DisplayName, user.Email, user.Roles,
            request ?? new ViewerRequest(null, null, null, null, "oidc", "auditexplorer-web"));
}
