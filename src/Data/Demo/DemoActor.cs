namespace AuditExplorer.Data.Demo;

/// <summary>
/// Someone or something that acts in a demo tenant. Events carry only <see cref="SubjectId"/>;
/// the name and email live in audit.subjects. <see cref="ContextFields"/> holds the JSON members that
/// stay the same for every request of this actor (ip, user agent, sign-in method, client, roles).
/// </summary>
public sealed record DemoActor(string SubjectId, string Kind, string DisplayName, string? Email, string ContextFields);
