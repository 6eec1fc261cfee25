namespace AuditExplorer.DevIdentity.Users;

/// <summary>The demo people the E2E tests and local runs sign in as. Demo data, not secrets.</summary>
public static class DemoUserSeed
{
    /// <summary>All seeded users, in the order the home page lists them.</summary>
    public static IReadOnlyList<DemoUser> All { get; } =
    [
        Create("alice", "Alice Compliance", ["compliance_officer"], ["acme", "globex"]),
        Create("bob", "Bob Support", ["support"], ["acme"]),
        Create("carol", "Carol Auditor", ["auditor"], ["initech"]),
        Create("dave", "Dave Admin", ["audit_admin"], ["acme", "globex", "initech"]),
        Create("erin", "Erin Nobody", [], []),
        // A second officer, so access-log tests can tell two officers of the same tenant apart.
        Create("frank", "Frank Compliance", ["compliance_officer"], ["acme"]),
    ];

    private static DemoUser Create(string username, string displayName, string[] roles, string[] tenants) =>
        new(
            Username: username,
            Password: $"{username}-demo-pass",
            Subject: $"usr_{username}",
            DisplayName: displayName,
            Email: $"{username}@example.test",
            Roles: roles,
            Tenants: tenants);
}
