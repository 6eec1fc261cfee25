namespace AuditExplorer.Data.Export;

/// <summary>How far an export is: rows written so far and the total the snapshot holds.</summary>
public sealed record ExportProgress(long RowsWritten, long? TotalRows, string Stage);
