namespace AuditExplorer.Data.Export.Jobs;

/// <summary>A job a worker has claimed (status running, claimed_by the worker), or one an ended sweep touched.</summary>
public sealed record ExportJobClaim(string TenantId, Guid Id, string FilePath);
