namespace AuditExplorer.DevIdentity.Login;

/// <summary>What the login page shows: the entered username, where to return to, and an optional error.</summary>
public sealed record LoginForm(string? Username, string? ReturnUrl, string? Error);
