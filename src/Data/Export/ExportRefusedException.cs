namespace AuditExplorer.Data.Export;

/// <summary>The export cannot run as asked (unknown tenant, no checkpoint, missing reason, unsupported filter).</summary>
public sealed class ExportRefusedException(string message, Exception? inner = null) : Exception(message, inner);
