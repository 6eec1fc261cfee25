namespace AuditExplorer.Web.Streams;

/// <summary>One top-level setting an edit changed; <c>null</c> for a setting that was or is no longer there.</summary>
public sealed record StreamSettingChange(string Setting, string? Before, string? After);
