namespace AuditExplorer.Data.Access;

/// <summary>The person looking at the log, as recorded on every access event.</summary>
public sealed record Viewer(
    string SubjectId,
    string? DisplayName,
    string? Email,
    IReadOnlyList<string> Roles,
    ViewerRequest Request,
    AccessPurpose? Purpose = null);
