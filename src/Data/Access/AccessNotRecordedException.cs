namespace AuditExplorer.Data.Access;

/// <summary>The access event could not be written, so the read was rolled back and nothing may be shown.</summary>
public sealed class AccessNotRecordedException(string reason, Exception inner)
    : Exception(UserMessage + " " + reason, inner)
{
    /// <summary>What a person is told; the database's reason stays in the logs.</summary>
    public const string UserMessage = "This access could not be recorded, so nothing is shown. Try again later, or tell your administrator.";
}
