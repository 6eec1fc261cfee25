using AuditExplorer.Data.Access.Permissions;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// Whose view of personal data a stream carries. The level names a role, and the one redaction seam
/// (<see cref="Redaction.ViewerPrivacy"/>) applies that role's rules to every delivered event.
/// </summary>
public static class StreamPrivacyLevels
{
    /// <summary>What a support engineer sees (the default): personal paths and network details redacted.</summary>
    public const string Support = ViewerRoles.Support;

    /// <summary>What a compliance officer sees: the stored event unchanged (personal values still only as commitments).</summary>
    public const string ComplianceOfficer = ViewerRoles.ComplianceOfficer;

    /// <summary>Every level, as offered on the Streams page.</summary>
    public static IReadOnlyList<string> All { get; } = [Support, ComplianceOfficer];
}
