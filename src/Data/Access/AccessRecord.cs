namespace AuditExplorer.Data.Access;

/// <summary>What an access event says was looked at: action (e.g. audit_log.view), the thing, and the filter.</summary>
public sealed record AccessRecord(string Action, string EntityType, string EntityId, IReadOnlyDictionary<string, string?> Details);
