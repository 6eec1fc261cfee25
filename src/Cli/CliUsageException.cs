namespace AuditExplorer.Cli;

/// <summary>The command line was wrong in a way the user can fix; the message says how.</summary>
public sealed class CliUsageException(string message) : Exception(message);
