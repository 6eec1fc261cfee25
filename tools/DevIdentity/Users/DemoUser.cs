namespace AuditExplorer.DevIdentity.Users;

/// <summary>A seeded person who can sign in; <see cref="Subject"/> is the stable pseudonymous id put in "sub".</summary>
public sealed record DemoUser(
    string Username,
    string Password,
    string Subject,
    string DisplayName,
    string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Tenants);
