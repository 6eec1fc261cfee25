namespace AuditExplorer.Data.Demo;

/// <summary>A demo customer: id, display name and the JSON paths that hold its personal data.</summary>
public sealed record DemoTenant(string Id, string DisplayName, string[] PersonalPaths, string Domain);
