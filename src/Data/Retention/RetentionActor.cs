namespace AuditExplorer.Data.Retention;

/// <summary>Who changes retention: a signed-in user's pseudonymous subject id (kind "user") or, from the CLI as owner, any actor kind.</summary>
public sealed record RetentionActor(string Id, string Kind = "user");
