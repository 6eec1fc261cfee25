using System.Collections.Frozen;

namespace AuditExplorer.Data.Access.Permissions;

/// <summary>
/// The one place that decides what each role may do (written out in docs/security.md). A viewer with several
/// roles gets the largest grant of any of them; a viewer with no known role gets nothing.
/// </summary>
public static class PermissionMatrix
{
    private const AccessGrant R = AccessGrant.Refused, P = AccessGrant.Redacted, F = AccessGrant.Full;

    // Columns: compliance officer, support, auditor, audit admin.
    private static readonly FrozenDictionary<ExplorerAction, AccessGrant[]> Cells = new Dictionary<ExplorerAction, AccessGrant[]>
    {
        [ExplorerAction.ViewTimelines] = [F, P, F, P],
        [ExplorerAction.ViewEventDetail] = [F, P, F, P],
        [ExplorerAction.ViewAsOf] = [F, P, F, P],
        [ExplorerAction.SearchValues] = [F, R, F, R],
        [ExplorerAction.ViewAccessLog] = [F, R, F, F],
        [ExplorerAction.ViewViewedBy] = [F, R, F, F],
        [ExplorerAction.ViewIntegrity] = [F, R, F, F],
        [ExplorerAction.RunVerification] = [F, R, F, F],
        [ExplorerAction.Export] = [F, R, F, R],
        [ExplorerAction.DownloadOwnExport] = [F, R, F, R],
        [ExplorerAction.DownloadAnyExport] = [F, R, R, R],
        [ExplorerAction.ManageSettings] = [R, R, R, F],
        [ExplorerAction.EraseSubject] = [F, R, R, R],
    }.ToFrozenDictionary();

    /// <summary>The grant of one role (unknown roles: refused).</summary>
    public static AccessGrant For(string role, ExplorerAction action)
    {
        ArgumentNullException.ThrowIfNull(role);
        var column = role switch
        {
            ViewerRoles.ComplianceOfficer => 0,
            ViewerRoles.Support => 1,
            ViewerRoles.Auditor => 2,
            ViewerRoles.AuditAdmin => 3,
            _ => -1,
        };
        return column < 0 ? AccessGrant.Refused : Cells[action][column];
    }

    /// <summary>The largest grant any of the viewer's roles has for the action.</summary>
    public static AccessGrant For(IEnumerable<string> roles, ExplorerAction action)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var grant = AccessGrant.Refused;
        foreach (var role in roles)
        {
            var g = For(role, action);
            if (g > grant) grant = g;
        }
        return grant;
    }

    /// <summary>True when the roles may do the action at all (redacted or in full).</summary>
    public static bool Allows(IEnumerable<string> roles, ExplorerAction action) => For(roles, action) != AccessGrant.Refused;
}
