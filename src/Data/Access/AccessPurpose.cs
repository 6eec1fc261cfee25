namespace AuditExplorer.Data.Access;

/// <summary>Why someone is looking (free text or a case/ticket id); break-glass access is flagged for review.</summary>
public sealed record AccessPurpose(string Reason, bool BreakGlass)
{
    public const int MaxLength = 500;
}
