namespace AuditExplorer.Cli;

/// <summary>One verb of the <c>auditexplorer</c> command line.</summary>
public interface ICliCommand
{
    string Name { get; }
    string Summary { get; }
    Task<int> RunAsync(CliArguments args, CancellationToken ct);
}
