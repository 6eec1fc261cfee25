using AuditExplorer.Data.Access;
using AuditExplorer.Web.SignIn;

namespace AuditExplorer.Web.Access;

/// <summary>
/// What this browser session has said about itself: the purpose given per tenant, which tenants
/// demand one. Builds the viewer recorded on access events, and refuses to when a required
/// purpose is missing, so no page can read around the prompt.
/// </summary>
public sealed class ViewerSession
{
    private readonly Dictionary<string, AccessPurpose> _purposes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _requiringPurpose = new(StringComparer.Ordinal);

    public AccessPurpose? PurposeFor(string tenant) => _purposes.GetValueOrDefault(tenant);

    public void RequirePurpose(string tenant) => _requiringPurpose.Add(tenant);

    public bool MustAskPurpose(string tenant) => _requiringPurpose.Contains(tenant) && !_purposes.ContainsKey(tenant);

    public void GivePurpose(string tenant, AccessPurpose purpose) => _purposes[tenant] = purpose;

    public Viewer For(ExplorerUser user, ViewerRequest? request, string tenant)
    {
        if (MustAskPurpose(tenant))
            throw new InvalidOperationException($"Tenant {tenant} requires a purpose of access before any read.");
        return new Viewer(user.SubjectId, user.DisplayName, user.Email, user.Roles,
            request ?? new ViewerRequest(null, null, null, null, "oidc", "auditexplorer-web"), PurposeFor(tenant));
    }
}
