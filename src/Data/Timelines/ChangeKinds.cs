namespace AuditExplorer.Data.Timelines;

/// <summary>
/// The change kind says what happened to the record (create, update, delete) or that it was only
/// read (access); the action says what the application did in its own words (contract.publish).
/// </summary>
public static class ChangeKinds
{
    /// <summary>A read of the audit log itself (an access event).</summary>
    public const string Access = "access";

    public static readonly string[] All = ["create", "update", "delete", Access, "other"];
}
