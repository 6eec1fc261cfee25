using AuditExplorer.Cli;
using Npgsql;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

var command = args.Length > 0 ? Commands.All.FirstOrDefault(c => c.Name == args[0]) : null;
if (command is null)
{
    Console.Error.WriteLine("usage: auditexplorer <command> [options]");
    foreach (var c in Commands.All) Console.Error.WriteLine($"  {c.Name,-16}{c.Summary}");
    return args.Length == 0 || args[0] is "help" or "--help" ? 0 : 2;
}

try
{
    return await command.RunAsync(new CliArguments(args.Skip(1)), cts.Token);
}
catch (CliUsageException ex)
{
    Console.Error.WriteLine($"{command.Name}: {ex.Message}");
    return 2;
}
catch (NpgsqlException ex)
{
    Console.Error.WriteLine($"{command.Name}: database error: {ex.Message}");
    Console.Error.WriteLine("Check the connection (--connection or AUDITEXPLORER_OWNER_CONNECTION) and that the database is running (scripts/pg.sh start).");
    return 3;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine($"{command.Name}: cancelled");
    return 130;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
{
    // A file the command needs (key, signer's record, package, output) could not be used.
    Console.Error.WriteLine($"{command.Name}: {ex.Message}");
    return 6;
}
