namespace AuditExplorer.Data.Erasure;

/// <summary>A member of old/new values that is personal data (<c>$.customer.email</c>), and where its subject's id is found.</summary>
/// <param name="SubjectPath">A member path of the same document, or <c>entity_id</c> / <c>actor_id</c>.</param>
public sealed record PersonalDataPath(string Path, string SubjectPath);
