namespace AuditExplorer.Data.Export;

/// <summary>An entry of a package exceeded a size limit while being read; verification reports it and stops reading that entry.</summary>
internal sealed class PackageLimitException(string message) : Exception(message);
