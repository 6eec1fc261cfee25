namespace AuditExplorer.Data.Integrity;

/// <summary>Who asked for a verification run; recorded as the actor of its audit event.</summary>
public sealed record VerificationActor(string Id, string Kind)
{
    public static VerificationActor System(string id) => new(id, "system");
}
